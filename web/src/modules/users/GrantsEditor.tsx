import { ActionIcon, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RegionSelects } from '../../components/RegionSelects';
import { RoleBadge } from '../../components/RoleBadge';
import type { Grant, Meta, Role } from '../../lib/types';
import { useSession } from '../auth/session';

const LEVEL_KEYS: Record<number, string> = { 2: 'region.kabupaten', 3: 'region.kecamatan', 4: 'region.desa' };

/** A role with the region levels it may be granted on, as GET /meta lists them (the server's policy). */
type RoleLevels = Meta['roles'][number];

/** The region code a pending grant resolves to, or null while the picker is not deep enough. */
function pendingCode(levels: RoleLevels | undefined, kab: string | null, kec: string | null, desa: string | null): string | null {
  if (!levels) return null;
  const { minLevel: min, maxLevel: max } = levels;
  const code = (max >= 4 && desa) || (max >= 3 && kec) || kab;
  const level = code === desa ? 4 : code === kec ? 3 : 2;
  return code && level >= min && level <= max ? code : null;
}

export interface GrantsEditorProps {
  value: Grant[];
  onChange(grants: Grant[]): void;
  /** The grant being composed (complete or null), so a form can include it on submit. */
  onPendingChange(grant: Grant | null): void;
}

export function GrantsEditor({ value, onChange, onPendingChange }: GrantsEditorProps) {
  const { t } = useTranslation();
  const { meta } = useSession();
  const [role, setRole] = useState<Role | null>(null);
  const [kec, setKec] = useState<string | null>(null);
  const [desa, setDesa] = useState<string | null>(null);
  const [regionName, setRegionName] = useState<string | null>(null);
  const kab = meta?.kabupaten.code ?? null;
  const roles = meta?.roles ?? [];
  const levels = roles.find((r) => r.role === role);
  const code = pendingCode(levels, kab, kec, desa);
  const pending: Grant | null = role && code ? { role, regionCode: code, regionName } : null;

  useEffect(() => onPendingChange(role && code ? { role, regionCode: code, regionName } : null), [role, code, regionName, onPendingChange]);

  const add = () => {
    if (!pending) return;
    if (!value.some((g) => g.role === pending.role && g.regionCode === pending.regionCode)) onChange([...value, pending]);
    setRole(null);
    setKec(null);
    setDesa(null);
  };

  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('users.roles')}
      </Text>
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('users.noRoles')}
        </Text>
      ) : (
        <Group gap="xs" data-testid="grant-list">
          {value.map((g) => (
            <Group key={`${g.role}-${g.regionCode}`} gap={2} wrap="nowrap">
              <RoleBadge grant={g} />
              <ActionIcon
                size="sm"
                variant="subtle"
                color="red"
                aria-label={`${t('users.removeRole')}: ${t(`roles.${g.role}`)}`}
                onClick={() => onChange(value.filter((x) => x !== g))}
              >
                <IconX size={14} />
              </ActionIcon>
            </Group>
          ))}
        </Group>
      )}
      <Paper withBorder p="sm" bg="gray.0">
        <Stack gap="xs">
          <Select
            label={t('users.role')}
            placeholder={t('region.choose')}
            data={roles.map(({ role: r }) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => {
              setRole(v as Role | null);
              setKec(null);
              setDesa(null);
            }}
            comboboxProps={{ withinPortal: true }}
          />
          {levels && (
            <>
              <Text size="xs" c="dimmed">
                {t('users.regionLevelHint', {
                  levels: [levels.minLevel, levels.maxLevel]
                    .filter((l, i, a) => a.indexOf(l) === i)
                    .map((l) => t(LEVEL_KEYS[l] ?? ''))
                    .join(' – '),
                })}
              </Text>
              <RegionSelects
                kecamatan={kec}
                desa={desa}
                maxLevel={levels.maxLevel}
                requiredLevel={levels.minLevel}
                showKabupaten
                onChange={(k, d) => {
                  setKec(k);
                  setDesa(d);
                }}
                onNames={setRegionName}
              />
            </>
          )}
          <Group justify="flex-end">
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={!pending} onClick={add}>
              {t('users.addRole')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
