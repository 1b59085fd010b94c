/**
 * SVG can carry scripts. No maintained SVG sanitiser works without a browser DOM here (DOMPurify needs
 * jsdom), so we do not rewrite SVG: we refuse any SVG holding something active, and serve the rest
 * with a CSP that forbids scripts anyway. Pure: returns the reason for refusing, or null.
 */
const DANGERS: { pattern: RegExp; reason: string }[] = [
  { pattern: /<!(doctype|entity)/i, reason: 'a DOCTYPE or ENTITY declaration' },
  { pattern: /<(\w+:)?script[\s>/]/i, reason: 'a <script> element' },
  { pattern: /<(\w+:)?foreignObject[\s>/]/i, reason: 'a <foreignObject> element' },
  { pattern: /<(\w+:)?(iframe|embed|object|handler|listener)[\s>/]/i, reason: 'an embedded document or handler element' },
  { pattern: /[\s"'/]on[a-z]+\s*=/i, reason: 'an event handler attribute (onload, onclick…)' },
  { pattern: /attributeName\s*=\s*["']?\s*(\w+:)?href/i, reason: 'an animation of a link' },
  { pattern: /(javascript|vbscript)\s*:/i, reason: 'a javascript: link' },
  { pattern: /@import|url\s*\(\s*["']?\s*(?!#)/i, reason: 'a reference to an outside resource in a style' },
  { pattern: /&#/, reason: 'encoded characters (often used to hide a script link)' },
];

/** Any href must stay inside the file (#id) or be an embedded raster image. */
const HREF = /(?:^|[\s"'])(?:\w+:)?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const SAFE_HREF = /^\s*(#[\w.:-]*|data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*)\s*$/i;

export function svgDanger(svg: string): string | null {
  for (const { pattern, reason } of DANGERS) if (pattern.test(svg)) return `SVG files containing ${reason} are not accepted`;
  for (const match of svg.matchAll(HREF)) {
    const target = match[1] ?? match[2] ?? match[3] ?? '';
    if (!SAFE_HREF.test(target)) return 'SVG files linking outside themselves are not accepted (only #anchors and embedded images)';
  }
  return null;
}
