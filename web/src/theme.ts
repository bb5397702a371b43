import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

/**
 * Mantine's teal with shades 6–9 darkened so white text on the filled buttons (shade 6, hover 7)
 * passes WCAG AA: white on #087f5b is 5.00:1, on #07704f 6.11:1 (Mantine's own teal-6 #12b886
 * gave 2.55:1). Shades 0–5 (light backgrounds) are Mantine's; the light variant's text is shade 9
 * (#055239 on #c3fae8: 7.99:1).
 */
const teal: MantineColorsTuple = [
  '#e6fcf5',
  '#c3fae8',
  '#96f2d7',
  '#63e6be',
  '#38d9a9',
  '#20c997',
  '#087f5b',
  '#07704f',
  '#066144',
  '#055239',
];

export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 6,
  colors: { teal },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  defaultRadius: 'md',
});

/**
 * Placeholders and dimmed text: Mantine's gray-5/gray-6 give 2.07:1 and 3.32:1 on white;
 * #646c74 gives 5.33:1 on white and 5.06:1 on gray-0 (#f8f9fa).
 */
export const MUTED_TEXT = '#646c74';
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-placeholder': MUTED_TEXT, '--mantine-color-dimmed': MUTED_TEXT },
  dark: {},
});
