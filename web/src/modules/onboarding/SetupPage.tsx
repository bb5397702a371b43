import { Stack } from '@mantine/core';
import { SetupChecklist } from './SetupChecklist';

/** /persiapan: the first-run checklist on a page of its own (the landing page may also show it). */
export default function SetupPage() {
  return (
    <Stack maw={720}>
      <SetupChecklist />
    </Stack>
  );
}
