import { ActionIcon, Image, Modal, SimpleGrid, Stack, UnstyledButton } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NS } from './i18n';
import './i18n-review';

interface Props {
  photos: string[];
  url: (sha: string, size: 'thumb' | 'full') => string;
  onRemove?: (sha: string) => void;
}

/** Photo thumbnails (small files for a weak connection); a tap opens the full-size photo. */
export function PhotoGrid({ photos, url, onRemove }: Props) {
  const { t } = useTranslation(NS);
  const [open, setOpen] = useState<string | null>(null);
  if (photos.length === 0) return null;
  return (
    <>
      <SimpleGrid cols={3} spacing="xs" data-testid="verval-photos">
        {photos.map((sha, i) => (
          <Stack key={sha} gap={4} align="center">
            <UnstyledButton onClick={() => setOpen(sha)} aria-label={t('photoAlt', { n: i + 1 })} w="100%">
              <Image src={url(sha, 'thumb')} alt={t('photoAlt', { n: i + 1 })} radius="sm" h={96} fit="cover" loading="lazy" />
            </UnstyledButton>
            {onRemove && (
              <ActionIcon variant="light" color="red" size="lg" onClick={() => onRemove(sha)} aria-label={t('removePhoto')}>
                <IconTrash />
              </ActionIcon>
            )}
          </Stack>
        ))}
      </SimpleGrid>
      <Modal opened={open !== null} onClose={() => setOpen(null)} size="xl" title={t('review.photos')} centered>
        {open && <Image src={url(open, 'full')} alt={t('photoAlt', { n: photos.indexOf(open) + 1 })} data-testid="verval-photo-full" />}
      </Modal>
    </>
  );
}
