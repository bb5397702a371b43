import { Anchor, Button, Stack, Text, Textarea } from '@mantine/core';
import { IconCamera, IconMapPin } from '@tabler/icons-react';
import { type ChangeEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { householdPhotoUrl, mapUrl } from './api';
import type { Form, FormPatch } from './form';
import { NS } from './i18n';
import { PhotoGrid } from './PhotoGrid';
import './i18n-review';

interface Props {
  form: Form;
  patch: FormPatch;
  householdId: string;
  onPhoto: (file: File) => void;
  onLocate: () => void;
}

/** Evidence: photos from the camera (thumbnails), the GPS point with a map link, and a note. */
export function EvidenceSection({ form, patch, householdId, onPhoto, onLocate }: Props) {
  const { t } = useTranslation(NS);
  const fileRef = useRef<HTMLInputElement>(null);
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) onPhoto(file);
    e.target.value = '';
  };
  return (
    <Stack gap="md">
      <input ref={fileRef} type="file" accept="image/*" capture="environment" hidden onChange={picked} data-testid="verval-photo-input" />
      <Button size="lg" variant="light" leftSection={<IconCamera />} onClick={() => fileRef.current?.click()}>
        {t('photo')}
      </Button>
      {form.photos.length > 0 && <Text>{t('photos', { n: form.photos.length })}</Text>}
      <PhotoGrid
        photos={form.photos}
        url={(sha, size) => householdPhotoUrl(householdId, sha, size)}
        onRemove={(sha) => patch({ photos: form.photos.filter((p) => p !== sha) })}
      />
      <Button size="lg" variant="light" leftSection={<IconMapPin />} onClick={onLocate}>
        {t('gps')}
      </Button>
      {form.gps && (
        <Text>
          {t('gpsValue', form.gps)}{' '}
          <Anchor href={mapUrl(form.gps)} target="_blank" rel="noopener noreferrer">
            {t('openMap')}
          </Anchor>
        </Text>
      )}
      <Textarea
        size="md"
        label={t('note')}
        autosize
        minRows={2}
        value={form.note}
        onChange={(e) => patch({ note: e.currentTarget.value })}
      />
    </Stack>
  );
}
