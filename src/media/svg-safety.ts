import type { Config, DOMPurify, RemovedAttribute, RemovedElement } from 'dompurify';
import type { DOMWindow } from 'jsdom';

/**
 * SVG uploads, parsed and sanitised with DOMPurify on a jsdom window. What DOMPurify removes decides:
 * anything active (scripts, event handlers, script links, embedded HTML or documents, animations,
 * references outside the file) refuses the upload with the reason, so staff know their file was unsafe
 * and a logo never silently changes behaviour; editor leftovers (Inkscape/Sodipodi metadata, comments,
 * unknown elements) are dropped and the sanitised SVG is what the library stores and serves.
 *
 * Pure apart from the jsdom window, created once on the first SVG (jsdom costs about 60 MB and half a
 * second to load, which the app does not pay at start). Synchronous and CPU-bound (see SVG_LIMITS):
 * the app calls it through SvgChecker, in a worker thread.
 */

/**
 * What one SVG may hold. It is parsed in memory, and checking blocks the event loop for about 0.2 ms
 * per element and 0.02 ms per attribute on jsdom (more per attribute on an element with very many):
 * at these limits a check takes one to two seconds at worst on a 2-core machine, a logo 15 to 30 ms.
 */
export const SVG_LIMITS = {
  /** Larger drawings go as PNG or PDF. */
  bytes: 2 * 1024 * 1024,
  /** A detailed illustration; an Inkscape path has five or six attributes. */
  elements: 5_000,
  attributes: 30_000,
  attributesPerElement: 256,
  /** libxml2's default, so librsvg (which measures the drawing) would refuse deeper files anyway. */
  depth: 256,
} as const;

export type SvgCheck = { refused: string } | { sanitised: string };

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const PARSER_ERROR_NS = 'http://www.mozilla.org/newlayout/xml/parsererror.xml';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const ELEMENT_NODE = 1;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;

const PURIFY_CONFIG: Config = {
  USE_PROFILES: { svg: true, svgFilters: true },
  // DOMPurify drops <use> for its outside references; ours are checked like every href (#id only).
  ADD_TAGS: ['use'],
  FORBID_TAGS: ['metadata'],
  // An unknown element's children are not rendered: drop them with it rather than lift them up.
  KEEP_CONTENT: false,
  RETURN_DOM: true,
};

interface Sanitiser {
  window: DOMWindow;
  purify: DOMPurify;
}

let sanitiser: Sanitiser | undefined;

function loadSanitiser(): Sanitiser {
  if (!sanitiser) {
    // Required here, not imported at the top, so that loading jsdom waits for the first SVG (an
    // `import()` would make this path asynchronous); the casts give the modules their declared types.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const { JSDOM, VirtualConsole } = require('jsdom') as typeof import('jsdom');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const createDOMPurify = require('dompurify') as typeof import('dompurify');
    // A console sent nowhere: what an uploaded file makes jsdom complain about does not belong in our logs.
    const { window } = new JSDOM('', { virtualConsole: new VirtualConsole() });
    sanitiser = { window, purify: createDOMPurify(window) };
  }
  return sanitiser;
}

const contains = (finding: string): { refused: string } => ({
  refused: `This SVG contains ${finding}, which is not accepted: an SVG may hold no scripts, event handlers, animations, `
    + 'embedded HTML or references outside the file. Remove it and upload the file again.',
});

/**
 * Checks and sanitises an SVG file. Refuses it (with the reason, for the uploader) when it holds
 * anything active or cannot be checked; otherwise returns the sanitised SVG, with an XML declaration.
 */
export function sanitiseSvg(source: Buffer | string): SvgCheck {
  const decoded = typeof source === 'string' ? { text: source.replace(/^\uFEFF/, '') } : decodeSvg(source);
  if ('refused' in decoded) return decoded;
  const text = decoded.text.trimStart();
  const declaration = dtdDeclaration(text);
  if (declaration) {
    return {
      refused: `This SVG contains ${declaration}, which is not accepted: a DOCTYPE or ENTITY declaration can define entities that `
        + 'expand endlessly or read other files. Save the drawing again as plain SVG (Inkscape: "Plain SVG"; Illustrator: without DTD), '
        + 'or delete that declaration, and upload it again.',
    };
  }
  const excess = complexity(measureMarkup(text));
  if (excess) return { refused: `This SVG is too complex to check (${excess}): simplify it, or upload it as PNG or PDF.` };
  try {
    return check(text);
  } catch {
    // jsdom gives up on some pathological trees (call stack); such a file is not stored unchecked.
    return { refused: 'This SVG could not be checked: it is damaged or too complex. Save it again from a drawing program, or upload it as PNG.' };
  }
}

/** The longest declaration a refusal quotes; the rest of an entity bomb is not for people to read. */
const QUOTED_DECLARATION_LENGTH = 160;

/**
 * `a DOCTYPE declaration (<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "…">)`, quoting it (with its
 * internal subset, shortened), or the same for a stray ENTITY declaration; null when there is none.
 */
export function dtdDeclaration(text: string): string | null {
  const found = /<!\s*(DOCTYPE|ENTITY)/i.exec(text);
  if (!found) return null;
  const rest = text.slice(found.index);
  const whole = /^<!\s*DOCTYPE[^[>]*(?:\[[\s\S]*?\]\s*)?>/i.exec(rest)?.[0] ?? /^[^>]*>?/.exec(rest)?.[0] ?? rest;
  const oneLine = whole.replace(/\s+/g, ' ');
  const quoted = oneLine.length > QUOTED_DECLARATION_LENGTH ? `${oneLine.slice(0, QUOTED_DECLARATION_LENGTH)}…` : oneLine;
  return `${found[1].toUpperCase() === 'DOCTYPE' ? 'a DOCTYPE' : 'an ENTITY'} declaration (${quoted})`;
}

function check(text: string): SvgCheck {
  const { window, purify } = loadSanitiser();
  const document = new window.DOMParser().parseFromString(text, 'image/svg+xml');
  const root = document.documentElement;
  if (root.namespaceURI === PARSER_ERROR_NS) {
    return { refused: `This SVG is not well-formed XML (${root.textContent?.trim() ?? 'unreadable'}), so it cannot be checked: save it again from a drawing program.` };
  }
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS) {
    return { refused: 'This file is not an SVG drawing: its root element must be <svg xmlns="http://www.w3.org/2000/svg">.' };
  }
  // DOMPurify matches names without prefixes: it drops <svg:rect> (checked below for anything active first).
  const prefixed = selfAndDescendants(root).find((element) => element.namespaceURI === SVG_NS && element.prefix !== null);
  for (const node of document.childNodes) {
    if (node.nodeType === PROCESSING_INSTRUCTION_NODE && node.nodeName === 'xml-stylesheet') return contains('an outside stylesheet (<?xml-stylesheet?>)');
  }
  replaceCdataSections(document);

  const body = purify.sanitize(root, PURIFY_CONFIG) as unknown as Element;
  const removed = purify.removed;
  purify.removed = [];
  for (const entry of removed) {
    const finding = 'element' in entry ? removedElementFinding(entry, body) : removedAttributeFinding(entry);
    if (finding) return contains(finding);
  }
  if (prefixed) {
    return { refused: `This SVG writes its elements with a namespace prefix (<${prefixed.nodeName}>), which the sanitiser cannot read: save it as plain SVG.` };
  }
  const sanitisedRoot = body.firstElementChild;
  if (!sanitisedRoot || sanitisedRoot.localName !== 'svg') return { refused: 'This SVG has no drawing left once its unsafe parts are removed.' };
  for (const element of selfAndDescendants(sanitisedRoot)) {
    const finding = elementFinding(element);
    if (finding) return contains(finding);
  }
  return { sanitised: `${XML_DECLARATION}${new window.XMLSerializer().serializeToString(sanitisedRoot)}\n` };
}

/** A static list: jsdom's live collections (getElementsByTagName) cost time in the square of their length. */
const selfAndDescendants = (element: Element): Element[] => [element, ...element.querySelectorAll('*')];

/** UTF-8 unless the XML declaration names another encoding; refuses bytes that are not valid text in it. */
function decodeSvg(bytes: Buffer): { text: string } | { refused: string } {
  const declared = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  const encoding = declared ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return { refused: `This SVG declares a character encoding that is not supported (${encoding}): save it as UTF-8.` };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { refused: `This SVG is not valid ${encoding} text: save it again as UTF-8.` };
  }
}

/**
 * Comments, CDATA sections, processing instructions (an unterminated one runs to the end, so that
 * a file of "<!--" costs one pass), then tags, whose quoted values may hold '>', never '<'.
 */
const QUOTED_VALUE = /"[^"]*"|'[^']*'/g;
const MARKUP = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<(\/?)[^\s!?/<>][^\s/<>]*(?:"[^"<]*"|'[^'<]*'|[^"'<>])*>/g;

export interface MarkupSize {
  elements: number;
  attributes: number;
  /** The most attributes on one element. */
  mostAttributes: number;
  depth: number;
}

/**
 * How many elements and attributes, and how deep, read from the text before parsing: jsdom's XML
 * parser slows down with the square of the depth, its tree operations recurse, and attribute removal
 * slows down with the square of an element's attributes, so a file must be measured first. Exact for
 * well-formed XML; the parser refuses the rest where this scan may differ.
 */
export function measureMarkup(text: string): MarkupSize {
  const size: MarkupSize = { elements: 0, attributes: 0, mostAttributes: 0, depth: 0 };
  let depth = 0;
  for (const [tag, closing] of text.matchAll(MARKUP)) {
    if (closing) depth--;
    else if (tag.charCodeAt(1) !== 0x21 && tag.charCodeAt(1) !== 0x3f) { // not <! or <?
      size.elements++;
      // Every attribute has exactly one quoted value.
      const attributes = tag.match(QUOTED_VALUE)?.length ?? 0;
      size.attributes += attributes;
      size.mostAttributes = Math.max(size.mostAttributes, attributes);
      size.depth = Math.max(size.depth, depth + 1);
      if (!tag.endsWith('/>')) depth++;
    }
  }
  return size;
}

function complexity(size: MarkupSize): string | null {
  if (size.elements > SVG_LIMITS.elements) return `more than ${SVG_LIMITS.elements} elements`;
  if (size.attributes > SVG_LIMITS.attributes) return `more than ${SVG_LIMITS.attributes} attributes`;
  if (size.mostAttributes > SVG_LIMITS.attributesPerElement) return `an element with more than ${SVG_LIMITS.attributesPerElement} attributes`;
  if (size.depth > SVG_LIMITS.depth) return `elements nested more than ${SVG_LIMITS.depth} deep`;
  return null;
}

/** DOMPurify copies the tree into an HTML document, which cannot hold CDATA sections: same text, as text. */
function replaceCdataSections(document: Document): void {
  const sections: Node[] = [];
  const walker = document.createTreeWalker(document, 0x8 /* NodeFilter.SHOW_CDATA_SECTION */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.nodeType === CDATA_SECTION_NODE) sections.push(node);
  for (const section of sections) section.parentNode?.replaceChild(document.createTextNode(section.textContent ?? ''), section);
}

function removedElementFinding(entry: RemovedElement, body: Element): string | null {
  const node = entry.element;
  // DOMPurify lists the body it sanitised into; what it holds is checked as kept content.
  if (node === body || node.nodeType !== ELEMENT_NODE) return null;
  const element = node as Element;
  for (const inside of selfAndDescendants(element)) {
    const finding = elementFinding(inside);
    if (finding) return finding;
  }
  return null;
}

function removedAttributeFinding(entry: RemovedAttribute): string | null {
  return entry.attribute ? attributeFinding(entry.attribute) : null;
}

const EMBEDDING_ELEMENTS = new Set(['iframe', 'frame', 'frameset', 'embed', 'object', 'applet', 'portal', 'handler', 'listener']);
const LINK_ANIMATIONS = new Set(['set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor']);
/** DOMPurify removes these whatever they animate (they can rewrite links): the drawing would silently change. */
const REMOVED_ANIMATIONS = new Set(['set', 'animate']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'data', 'action', 'formaction', 'poster']);

/** Why an element (kept or removed by DOMPurify) is active, or null. */
function elementFinding(element: Element): string | null {
  const name = element.localName.toLowerCase();
  if (name === 'script') return 'a <script> element';
  if (name === 'foreignobject') return 'a <foreignObject> element (HTML inside the drawing)';
  if (EMBEDDING_ELEMENTS.has(name)) return `an embedded document or handler element (<${element.localName}>)`;
  if (LINK_ANIMATIONS.has(name)) {
    const target = element.getAttribute('attributeName') ?? element.getAttribute('attributename') ?? '';
    if (/^\s*([\w.-]+:)?href\s*$/i.test(target)) return `an animation that changes a link (<${element.localName} attributeName="${target.trim()}">)`;
    if (REMOVED_ANIMATIONS.has(name)) return `an animation (<${element.localName}>)`;
  }
  for (const attribute of element.attributes) {
    const finding = attributeFinding(attribute);
    if (finding) return finding;
  }
  if (name === 'style') return cssFinding(element.textContent ?? '');
  return null;
}

function attributeFinding(attribute: Attr): string | null {
  const name = attribute.localName.toLowerCase();
  const inDocumentNamespace = attribute.namespaceURI === null || attribute.namespaceURI === SVG_NS || attribute.namespaceURI === XHTML_NS;
  // Editors' own attributes (inkscape:label, sodipodi:docname...) are free text that no browser reads.
  if (!inDocumentNamespace && attribute.namespaceURI !== XLINK_NS) return null;
  if (name.startsWith('on')) return `an event handler attribute (${attribute.name}="…")`;
  const scheme = scriptScheme(attribute.value);
  if (scheme) return `a script link (${scheme})`;
  if (URL_ATTRIBUTES.has(name)) return referenceFinding(attribute.value);
  if (name === 'style') return cssFinding(attribute.value);
  return attribute.value.includes('(') ? cssReferenceFinding(decodeCss(attribute.value)) : null;
}

/** Browsers ignore whitespace and control characters inside a scheme ("java\tscript:"). */
function scriptScheme(value: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '').toLowerCase();
  const match = /^(?:(java|vb|live)script:|data:(?:text\/html|application\/xhtml\+xml|text\/xml|application\/xml)[;,])/.exec(compact);
  return match ? match[0].replace(/[;,]$/, '') : null;
}

const RASTER_DATA = /^data:image\/(?:png|jpeg|jpg|gif|webp|avif);base64,[A-Za-z0-9+/=\s]*$/i;
const FONT_DATA = /^data:(?:font\/[\w.+-]+|application\/(?:x-)?font-[\w.+-]+)[;,]/i;

/** A link or resource must stay inside the file (#id) or be an embedded raster image. */
function referenceFinding(value: string): string | null {
  const target = value.trim();
  if (target.startsWith('#') || RASTER_DATA.test(target)) return null;
  if (/^data:image\/svg\+xml/i.test(target)) return 'an SVG embedded in a data: link (data:image/svg+xml)';
  if (/^data:/i.test(target)) return `embedded data that is not a PNG, JPEG, GIF, WebP or AVIF image (${shorten(target)})`;
  return `a reference to a resource outside the file (${shorten(target)})`;
}

const CSS_COMMENT = /\/\*[\s\S]*?\*\//g;
const CSS_ESCAPE = /\\(?:([0-9a-fA-F]{1,6})\s?|([\s\S]))/g;
const CSS_URL = /(?<![\w-])url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))/gi;
const CSS_IMAGE_FUNCTION = /(?<![\w-])(?:-webkit-)?(image-set|image|cross-fade|src)\(/i;

/** CSS as the browser reads it: without comments, escapes decoded (so "\\75rl(" is "url("). */
function decodeCss(css: string): string {
  return css.replace(CSS_COMMENT, ' ').replace(CSS_ESCAPE, (_escape, hex: string | undefined, character: string | undefined) => {
    if (hex === undefined) return character === '\n' ? '' : character ?? '';
    const codePoint = parseInt(hex, 16);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\uFFFD';
  });
}

/** Style sheets and style attributes may only point inside the file (url(#id)) or at embedded images and fonts. */
function cssFinding(css: string): string | null {
  if (!/[@(\\]/.test(css)) return null;
  const decoded = decodeCss(css);
  if (/@import/i.test(decoded)) return 'a style sheet import (@import)';
  const reference = cssReferenceFinding(decoded);
  if (reference) return reference;
  const loader = CSS_IMAGE_FUNCTION.exec(decoded);
  return loader ? `a style function that loads images (${loader[0]})` : null;
}

/** url() in a style or a presentation attribute (fill="url(#gradient)"). */
function cssReferenceFinding(decoded: string): string | null {
  for (const [, doubleQuoted, singleQuoted, bare] of decoded.matchAll(CSS_URL)) {
    const target = (doubleQuoted ?? singleQuoted ?? bare ?? '').trim();
    if (target.startsWith('#') || RASTER_DATA.test(target) || FONT_DATA.test(target)) continue;
    return `a reference to a resource outside the file in a style (url(${shorten(target)}))`;
  }
  return null;
}

const shorten = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
