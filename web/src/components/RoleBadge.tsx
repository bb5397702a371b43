import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Grant } from '../lib/types';

/** "Operator desa · Sumberbendo" */
export function RoleBadge({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={grant.role === 'admin_kabupaten' ? 'grape' : 'teal'} tt="none" fw={500} title={grant.regionCode}>
      {t(`roles.${grant.role}`)} · {grant.regionName ?? grant.regionCode}
    </Badge>
  );
}
