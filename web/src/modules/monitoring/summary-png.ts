/**
 * "Unduh PNG" of the meeting summary, drawn in the browser (a server cannot render the page): the
 * title, date and figures as text on a canvas, and the trend chart's SVG with its computed colours
 * inlined (Mantine's colours are CSS variables, which an SVG drawn as an image cannot resolve).
 */

const STYLE_PROPS = ['stroke', 'fill', 'stroke-width', 'stroke-dasharray', 'font-size', 'font-family', 'opacity', 'fill-opacity'];

function inlinedSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const to = [clone, ...Array.from(clone.querySelectorAll('*'))];
  from.forEach((el, i) => {
    const target = to[i];
    if (!target) return;
    const cs = getComputedStyle(el);
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) (target as SVGElement).style.setProperty(p, v);
    }
  });
  const box = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.round(box.width)));
  clone.setAttribute('height', String(Math.round(box.height)));
  return new XMLSerializer().serializeToString(clone);
}

async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(inlinedSvg(svg))}`;
  await img.decode();
  return img;
}

export async function summaryPng(opts: { title: string; subtitle: string; figures: [string, string][]; chart: SVGSVGElement | null }) {
  const width = 1200;
  const canvas = document.createElement('canvas');
  const chart = opts.chart ? await svgImage(opts.chart) : null;
  const chartScale = chart ? Math.min(1.5, (width - 80) / chart.width) : 1;
  const figuresHeight = Math.ceil(opts.figures.length / 2) * 56;
  canvas.width = width;
  canvas.height = 150 + figuresHeight + (chart ? chart.height * chartScale + 40 : 0);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d unavailable');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1a1b1e';
  ctx.font = 'bold 30px sans-serif';
  ctx.fillText(opts.title, 40, 60, width - 80);
  ctx.font = '18px sans-serif';
  ctx.fillStyle = '#495057';
  ctx.fillText(opts.subtitle, 40, 92, width - 80);
  opts.figures.forEach(([label, value], i) => {
    const x = 40 + (i % 2) * ((width - 80) / 2);
    const y = 140 + Math.floor(i / 2) * 56;
    ctx.fillStyle = '#495057';
    ctx.font = '16px sans-serif';
    ctx.fillText(label, x, y);
    ctx.fillStyle = '#1a1b1e';
    ctx.font = 'bold 24px sans-serif';
    ctx.fillText(value, x, y + 28);
  });
  if (chart) ctx.drawImage(chart, 40, 140 + figuresHeight, chart.width * chartScale, chart.height * chartScale);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('PNG not produced');
  return blob;
}

export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
