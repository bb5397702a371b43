import { Group, Paper, Stack, Text } from '@mantine/core';
import { geoMercator, geoPath } from 'd3-geo';
import type { MultiPolygon, Polygon } from 'geojson';
import { useMemo, useState } from 'react';
import { type ColourClass, colourClasses, colourOf, NO_DATA } from './classes';

/**
 * A choropleth drawn as SVG by d3-geo: no tiles and no internet needed, boundaries alone are
 * the map. An optional XYZ tile template (SASMITA_MAP_TILE_URL) adds a base map under the
 * areas (d3's Mercator is the tiles' Web Mercator). Areas are buttons for the keyboard and
 * screen readers; a hovered or focused area shows its figure in a tooltip.
 */

export interface MapArea {
  code: string;
  name: string;
  geometry: Polygon | MultiPolygon;
  /** null: no data; undefined never. */
  value: number | null;
  /** Shown instead of the value (e.g. "withheld"). */
  note?: string;
}

export interface MapPoint {
  id: number;
  longitude: number;
  latitude: number;
  label: string;
}

interface Props {
  areas: MapArea[];
  format: (v: number) => string;
  noDataLabel: string;
  legendTitle: string;
  onSelect?: (code: string) => void;
  points?: MapPoint[];
  tileUrl?: string | null;
  /** Label of the SVG for screen readers. */
  label: string;
  width?: number;
  height?: number;
}

const tileHref = (template: string, z: number, x: number, y: number) =>
  template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));

function tiles(projection: ReturnType<typeof geoMercator>, width: number, height: number, template: string) {
  const k = projection.scale();
  const [tx, ty] = projection.translate();
  const world = 2 * Math.PI * k;
  const z = Math.max(0, Math.min(18, Math.round(Math.log2(world / 256))));
  const n = 2 ** z;
  const size = world / n;
  const x0 = tx - Math.PI * k;
  const y0 = ty - Math.PI * k;
  const out: { key: string; href: string; x: number; y: number; size: number }[] = [];
  for (let x = Math.max(0, Math.floor(-x0 / size)); x <= Math.min(n - 1, Math.floor((width - x0) / size)); x++) {
    for (let y = Math.max(0, Math.floor(-y0 / size)); y <= Math.min(n - 1, Math.floor((height - y0) / size)); y++) {
      out.push({ key: `${z}/${x}/${y}`, href: tileHref(template, z, x, y), x: x0 + x * size, y: y0 + y * size, size });
    }
  }
  return out.length <= 64 ? out : [];
}

export function Legend({
  classes,
  format,
  title,
  noDataLabel,
}: {
  classes: ColourClass[];
  format: (v: number) => string;
  title: string;
  noDataLabel: string;
}) {
  return (
    <Stack gap={2} data-testid="map-legend">
      <Text size="xs" fw={700}>
        {title}
      </Text>
      {classes.map((c) => (
        <Group key={`${c.from}-${c.to}`} gap={6} wrap="nowrap">
          <span style={{ width: 14, height: 10, background: c.colour, border: '1px solid #666', display: 'inline-block' }} />
          <Text size="xs">
            {format(c.from)} – {format(c.to)}
          </Text>
        </Group>
      ))}
      <Group gap={6} wrap="nowrap">
        <span style={{ width: 14, height: 10, background: NO_DATA, border: '1px solid #666', display: 'inline-block' }} />
        <Text size="xs">{noDataLabel}</Text>
      </Group>
    </Stack>
  );
}

export function Choropleth({
  areas,
  format,
  noDataLabel,
  legendTitle,
  onSelect,
  points,
  tileUrl,
  label,
  width = 800,
  height = 560,
}: Props) {
  const [hover, setHover] = useState<MapArea | null>(null);
  const drawn = useMemo(() => {
    const fc = {
      type: 'FeatureCollection' as const,
      features: areas.map((a) => ({ type: 'Feature' as const, properties: {}, geometry: a.geometry })),
    };
    const projection = geoMercator().fitExtent(
      [
        [8, 8],
        [width - 8, height - 8],
      ],
      fc,
    );
    const path = geoPath(projection);
    return {
      projection,
      paths: areas.map((a) => ({ area: a, d: path({ type: 'Feature', properties: {}, geometry: a.geometry }) ?? '' })),
      tiles: tileUrl && areas.length ? tiles(projection, width, height, tileUrl) : [],
    };
  }, [areas, width, height, tileUrl]);
  const classes = useMemo(() => colourClasses(areas.map((a) => a.value)), [areas]);
  const dots = useMemo(
    () => (points ?? []).map((p) => ({ p, xy: drawn.projection([p.longitude, p.latitude]) })).filter((d) => d.xy !== null),
    [points, drawn],
  );

  return (
    <Stack gap="xs">
      <div style={{ position: 'relative', width: '100%' }}>
        <svg
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={label}
          style={{ width: '100%', height: 'auto', display: 'block', background: '#f4f8fb' }}
        >
          {drawn.tiles.map((t) => (
            <image key={t.key} href={t.href} x={t.x} y={t.y} width={t.size} height={t.size} opacity={0.7} />
          ))}
          {drawn.paths.map(({ area, d }) => {
            const text = `${area.name}: ${area.note ?? (area.value === null ? noDataLabel : format(area.value))}`;
            return (
              // biome-ignore lint/a11y/noStaticElementInteractions: the role is "button" whenever the area is clickable.
              <path
                key={area.code}
                d={d}
                fill={tileUrl ? `${colourOf(area.value, classes)}cc` : colourOf(area.value, classes)}
                stroke={hover?.code === area.code ? '#000' : '#555'}
                strokeWidth={hover?.code === area.code ? 2 : 0.6}
                data-code={area.code}
                data-testid={`map-area-${area.code}`}
                role={onSelect ? 'button' : undefined}
                tabIndex={onSelect ? 0 : undefined}
                aria-label={text}
                style={{ cursor: onSelect ? 'pointer' : 'default', outline: 'none' }}
                onMouseEnter={() => setHover(area)}
                onMouseLeave={() => setHover(null)}
                onFocus={() => setHover(area)}
                onBlur={() => setHover(null)}
                onClick={() => onSelect?.(area.code)}
                onKeyDown={(e) => {
                  if (onSelect && (e.key === 'Enter' || e.key === ' ')) {
                    e.preventDefault();
                    onSelect(area.code);
                  }
                }}
              >
                <title>{text}</title>
              </path>
            );
          })}
          {dots.map(({ p, xy }) => (
            <circle key={p.id} cx={xy?.[0]} cy={xy?.[1]} r={2.5} fill="#1c7ed6" stroke="#fff" strokeWidth={0.6} data-testid="map-point">
              <title>{p.label}</title>
            </circle>
          ))}
        </svg>
        {hover && (
          <Paper
            shadow="sm"
            p={6}
            withBorder
            style={{ position: 'absolute', top: 8, left: 8, pointerEvents: 'none' }}
            data-testid="map-tooltip"
          >
            <Text size="sm" fw={700}>
              {hover.name}
            </Text>
            <Text size="sm">{hover.note ?? (hover.value === null ? noDataLabel : format(hover.value))}</Text>
          </Paper>
        )}
      </div>
      <Legend classes={classes} format={format} title={legendTitle} noDataLabel={noDataLabel} />
    </Stack>
  );
}
