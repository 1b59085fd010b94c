import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import sharp from 'sharp';
import { measureMarkup, sanitiseSvg, SVG_LIMITS } from './svg-safety';

const INKSCAPE_LOGO = readFileSync(join(__dirname, '../../test/fixtures/media/inkscape-logo.svg'));
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const svg = (inner: string, rootAttributes = ''): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60"${rootAttributes}>${inner}</svg>`;

const CLEAN = svg(`
  <title>Logo de la médiathèque</title>
  <style>.accent { fill: url(#g); } text { font-family: sans-serif; }</style>
  <defs>
    <linearGradient id="g" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="120" y2="0">
      <stop offset="0" stop-color="#1d3557"/><stop offset="1" stop-color="#e63946"/>
    </linearGradient>
    <clipPath id="c"><circle cx="30" cy="30" r="25"/></clipPath>
  </defs>
  <rect class="accent" width="120" height="60"/>
  <g clip-path="url(#c)"><circle id="dot" cx="30" cy="30" r="10" fill="#f1faee"/><use href="#dot" x="8"/></g>
  <image x="100" y="4" width="8" height="8" xlink:href="data:image/png;base64,${PIXEL_PNG}"/>
  <text x="60" y="50">Médiathèque &amp; archives</text>
`, ' viewBox="0 0 120 60"');

function sanitised(input: string | Buffer): string {
  const result = sanitiseSvg(input);
  if (!('sanitised' in result)) throw new Error(`Refused: ${result.refused}`);
  return result.sanitised;
}

function refusal(input: string | Buffer): string | null {
  const result = sanitiseSvg(input);
  return 'refused' in result ? result.refused : null;
}

type Tree = [string, Record<string, string>, (Tree | string)[]];

/** Elements with their namespace, attributes (not namespace declarations) and text: what a renderer reads. */
function tree(xml: string): Tree {
  const document = new new JSDOM('').window.DOMParser().parseFromString(xml, 'image/svg+xml');
  const walk = (element: Element): Tree => [
    `{${element.namespaceURI}}${element.localName}`,
    Object.fromEntries([...element.attributes]
      .filter((attribute) => attribute.namespaceURI !== 'http://www.w3.org/2000/xmlns/')
      .map((attribute) => [`{${attribute.namespaceURI ?? ''}}${attribute.localName}`, attribute.value])),
    [...element.childNodes].flatMap((child): (Tree | string)[] => {
      if (child.nodeType === 1) return [walk(child as Element)];
      const text = child.nodeType === 3 || child.nodeType === 4 ? (child.textContent ?? '').trim() : '';
      return text ? [text] : [];
    }),
  ];
  return walk(document.documentElement);
}

const pixels = (input: string | Buffer): Promise<Buffer> => sharp(Buffer.from(input)).raw().toBuffer();

describe('sanitiseSvg', () => {
  it('returns a clean drawing unchanged in meaning, as UTF-8 with an XML declaration', async () => {
    const output = sanitised(CLEAN);
    expect(output.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(tree(output)).toEqual(tree(CLEAN));
    expect((await pixels(output)).equals(await pixels(CLEAN))).toBe(true);
  });

  it('accepts an Inkscape drawing, strips its editor metadata and draws it the same', async () => {
    const output = sanitised(INKSCAPE_LOGO);
    expect(output).not.toMatch(/inkscape|sodipodi|rdf:|metadata|dc:title|Blason de la commune|Created with/i);
    expect(tree(output)).toMatchObject(['{http://www.w3.org/2000/svg}svg', { '{}viewBox': '0 0 120 60', '{}width': '120' }, expect.any(Array)]);
    expect(output).toContain('xlink:href="#linearGradient1"');
    expect(output).toContain('<use xlink:href="#path1"');
    expect((await pixels(output)).equals(await pixels(INKSCAPE_LOGO))).toBe(true);
    expect(await sharp(Buffer.from(output)).metadata()).toMatchObject({ format: 'svg', width: 120, height: 60 });
  });

  it('accepts editor attributes whatever their text, and keeps style sheets written as CDATA', () => {
    const output = sanitised(svg(
      '<style><![CDATA[ g > rect { fill: #e63946 } ]]></style>'
      + '<g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="Image (copie) javascript:"><rect width="9" height="9"/></g>'));
    expect(tree(output)[2][0]).toEqual(['{http://www.w3.org/2000/svg}style', {}, ['g > rect { fill: #e63946 }']]);
    expect(output).not.toContain('inkscape');
  });

  it('accepts fonts and raster images embedded as data in a style sheet', () => {
    expect(refusal(svg('<style>@font-face { font-family: Marianne; src: url("data:font/woff2;base64,d09GMgAB") format("woff2") }</style>'))).toBeNull();
  });

  const CONTAINS = /^This SVG contains .*, which is not accepted: an SVG may hold no scripts/;

  it.each([
    ['a <script> element', svg('<script>alert(document.domain)</script>'), /contains a <script> element/],
    ['a script written in mixed case (<ScRiPt>)', svg('<ScRiPt>alert(1)</ScRiPt>'), /contains a <script> element/],
    ['an XHTML script', svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'), /contains a <script> element/],
    ['a script with the svg: prefix', svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'), /contains a <script> element/],
    ['a script inside an editor element', svg('<inkscape:x xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"><script>alert(1)</script></inkscape:x>'),
      /contains a <script> element/],
    ['an onload= handler', svg('<rect width="9" height="9" onload="alert(1)"/>'), /contains an event handler attribute \(onload="…"\)/],
    ['an onload= handler on the root element', svg('<rect/>', ' onload="alert(1)"'), /contains an event handler attribute \(onload="…"\)/],
    ['a javascript: href', svg('<a href="javascript:alert(1)"><text>x</text></a>'), /contains a script link \(javascript:\)/],
    ['an <a xlink:href="javascript:.."> link', svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>'), /contains a script link \(javascript:\)/],
    ['a javascript: link hidden with character references (&#106;avascript:)', svg('<a href="&#106;avascript:alert(1)"><text>x</text></a>'),
      /contains a script link \(javascript:\)/],
    ['a javascript: link split by a tab', svg('<a href="java&#9;script:alert(1)"><text>x</text></a>'), /contains a script link \(javascript:\)/],
    ['a data:text/html link', svg('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>'), /contains a script link \(data:text\/html\)/],
    ['a <foreignObject>', svg('<foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
      /contains a <foreignObject> element/],
    ['an <iframe>', svg('<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.org/"/>'), /contains an embedded document or handler element \(<iframe>\)/],
    ['a <set attributeName="href" to="javascript:...">', svg('<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'),
      /contains an animation that changes a link \(<set attributeName="href">\)/],
    ['an <animate> of xlink:href', svg('<a><animate attributeName="xlink:href" values="javascript:alert(1)"/><text>x</text></a>'),
      /contains an animation that changes a link \(<animate attributeName="xlink:href">\)/],
    ['any other <animate>, which DOMPurify removes', svg('<rect width="9" height="9"><animate attributeName="opacity" values="0;1" dur="1s"/></rect>'),
      /contains an animation \(<animate>\)/],
    ['an external href (https://...)', svg('<image width="9" height="9" href="https://tracker.example/pixel.png"/>'),
      /contains a reference to a resource outside the file \(https:\/\/tracker\.example\/pixel\.png\)/],
    ['a <use> of another file', svg('<use href="https://example.org/sprite.svg#icon"/>'), /outside the file \(https:\/\/example\.org\/sprite\.svg#icon\)/],
    ['an image linked from the designer\'s disk', svg('<image width="9" height="9" xlink:href="file:///home/communication/logo.png"/>'),
      /outside the file \(file:\/\/\/home\/communication\/logo\.png\)/],
    ['an svg inside a data:image/svg+xml href', svg('<image width="9" height="9" href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/>'),
      /contains an SVG embedded in a data: link \(data:image\/svg\+xml\)/],
    ['a CSS @import', svg('<style>@import url(https://evil.example/x.css);</style>'), /contains a style sheet import \(@import\)/],
    ['a CSS url(https://...)', svg('<style>rect { fill: url(https://evil.example/paint.svg#p) }</style><rect width="9" height="9"/>'),
      /contains a reference to a resource outside the file in a style \(url\(https:\/\/evil\.example\/paint\.svg#p\)\)/],
    ['a CSS url() hidden by an escape (\\75rl)', svg('<style>rect { fill: \\75rl(https://evil.example/p.svg#p) }</style>'),
      /in a style \(url\(https:\/\/evil\.example\/p\.svg#p\)\)/],
    ['a url(https://...) in a style attribute', svg('<rect width="9" height="9" style="fill:url(\'https://evil.example/p.svg#p\')"/>'),
      /in a style \(url\(https:\/\/evil\.example\/p\.svg#p\)\)/],
    ['a url(https://...) in a presentation attribute', svg('<rect width="9" height="9" fill="url(https://evil.example/p.svg#p)"/>'),
      /in a style \(url\(https:\/\/evil\.example\/p\.svg#p\)\)/],
    ['an outside style sheet instruction', `<?xml-stylesheet href="https://evil.example/x.css"?>${svg('<rect/>')}`, /contains an outside stylesheet/],
  ])('refuses %s, saying what it found', (_name, input, reason) => {
    const refused = refusal(input);
    expect(refused).toMatch(CONTAINS);
    expect(refused).toMatch(reason);
  });

  it.each([
    ['a <!DOCTYPE with ENTITY>', `<!DOCTYPE svg [<!ENTITY a "aaaa">]>${svg('<text>&a;</text>')}`, /contains a DOCTYPE declaration \(<!DOCTYPE svg \[<!ENTITY a "aaaa">\]>\)/],
    ['a plain SVG 1.1 DOCTYPE', `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg('<rect/>')}`,
      /contains a DOCTYPE declaration \(<!DOCTYPE svg PUBLIC "-\/\/W3C\/\/DTD SVG 1\.1\/\/EN" "http:\/\/www\.w3\.org\/Graphics\/SVG\/1\.1\/DTD\/svg11\.dtd">\)/],
  ])('refuses %s, quoting the declaration', (_name, input, reason) => {
    const refused = refusal(input);
    expect(refused).toMatch(/^This SVG contains a DOCTYPE declaration \(.*\), which is not accepted: a DOCTYPE or ENTITY declaration can define entities/);
    expect(refused).toMatch(reason);
  });

  it('refuses a DOCTYPE before parsing, so that entities are never expanded (billion laughs, external entities)', () => {
    const laughs = ['<!ENTITY l0 "ha">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
    expect(refusal(`<?xml version="1.0"?><!DOCTYPE svg [${laughs}]>${svg('<text>&l9;</text>')}`)).toMatch(/DOCTYPE or ENTITY/);
    expect(refusal(`<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${svg('<text>&xxe;</text>')}`)).toMatch(/DOCTYPE or ENTITY/);
  });

  it('refuses files it cannot read as SVG, saying why', () => {
    expect(refusal(svg('<rect>'))).toMatch(/^This SVG is not well-formed XML \(1:\d+: unexpected close tag\.\)/);
    expect(refusal(svg('<text>&nbsp;</text>'))).toMatch(/not well-formed XML \(.*undefined entity/);
    expect(refusal('<svg width="10"><rect/></svg>')).toMatch(/root element must be <svg xmlns="http:\/\/www\.w3\.org\/2000\/svg">/);
    expect(refusal('<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:rect width="9" height="9"/></s:svg>')).toMatch(/namespace prefix \(<s:svg>\)/);
  });

  it('reads the encoding its XML declaration names, and refuses bytes that are not text in it', () => {
    const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${svg('<title>Mairie de Vénissieux</title>')}`, 'latin1');
    expect(sanitised(latin1)).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n.*<title>Mairie de Vénissieux<\/title>/s);
    expect(refusal(Buffer.concat([Buffer.from(svg('<title>')), Buffer.from([0xc3, 0x28]), Buffer.from('</title></svg>')])))
      .toMatch(/not valid utf-8 text/);
    expect(refusal(Buffer.from(`<?xml version="1.0" encoding="x-klingon"?>${svg('')}`))).toMatch(/encoding that is not supported \(x-klingon\)/);
  });

  it('refuses drawings too deep or too large to check, before parsing them, saying which limit they pass', () => {
    const { depth, elements, attributes, attributesPerElement } = SVG_LIMITS;
    const nested = (levels: number): string => `${'<g>'.repeat(levels)}<rect/>${'</g>'.repeat(levels)}`;
    const rectWith = (count: number): string => `<rect ${Array.from({ length: count }, (_, i) => `data-a${i}="${i}"`).join(' ')}/>`;
    expect(refusal(svg(nested(depth)))).toMatch(/^This SVG is too complex to check \(elements nested more than 256 deep\)/);
    expect(refusal(svg(nested(depth - 2)))).toBeNull();
    expect(refusal(svg('<rect/>'.repeat(elements)))).toMatch(/too complex to check \(more than 5000 elements\)/);
    expect(refusal(svg(rectWith(attributesPerElement + 1)))).toMatch(/too complex to check \(an element with more than 256 attributes\)/);
    expect(refusal(svg(rectWith(attributesPerElement - 6)))).toBeNull();
    expect(refusal(svg(rectWith(200).repeat(Math.ceil(attributes / 200) + 1)))).toMatch(/too complex to check \(more than 30000 attributes\)/);
  });

  it('loads jsdom only when the first SVG is checked, and only once', () => {
    jest.isolateModules(() => {
      const loadJsdom = jest.fn(() => jest.requireActual<typeof import('jsdom')>('jsdom'));
      jest.doMock('jsdom', loadJsdom);
      const isolated = jest.requireActual<typeof import('./svg-safety')>('./svg-safety');
      expect(loadJsdom).not.toHaveBeenCalled();
      expect('sanitised' in isolated.sanitiseSvg(CLEAN)).toBe(true);
      expect('sanitised' in isolated.sanitiseSvg(INKSCAPE_LOGO)).toBe(true);
      expect(loadJsdom).toHaveBeenCalledTimes(1);
    });
  });
});

describe('measureMarkup', () => {
  it('counts elements, attributes and depth, not markup inside comments, CDATA sections or attribute values', () => {
    expect(measureMarkup(svg('<g><rect/><!-- <g a="1"><g> --><text a="&lt;g&gt;" b=\'>"\'><![CDATA[<g><g>]]></text></g><?pi <g>?>')))
      .toEqual({ elements: 4, attributes: 6, mostAttributes: 4, depth: 3 });
    expect(measureMarkup(`${'<g>'.repeat(5)}<rect/>${'</g>'.repeat(5)}`)).toEqual({ elements: 6, attributes: 0, mostAttributes: 0, depth: 6 });
  });

  it('reads an unterminated comment to the end in one pass', () => {
    expect(measureMarkup(`<svg>${'<!--'.repeat(100_000)}<g><g>`)).toEqual({ elements: 1, attributes: 0, mostAttributes: 0, depth: 1 });
  });
});
