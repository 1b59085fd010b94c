import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SvgChecker } from './svg-checker';
import { sanitiseSvg } from './svg-safety';

const CLEAN = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#123"/></svg>';
const SCRIPTED = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
const INKSCAPE = readFileSync(join(__dirname, '../../test/fixtures/media/inkscape-logo.svg'));

describe('SvgChecker (sanitiseSvg in a worker thread)', () => {
  const checker = new SvgChecker();
  afterAll(() => checker.onModuleDestroy());

  it('answers exactly what sanitiseSvg answers, for accepted and refused files', async () => {
    for (const source of [Buffer.from(CLEAN), Buffer.from(SCRIPTED), INKSCAPE]) {
      expect(await checker.check(source)).toEqual(sanitiseSvg(source));
    }
  });

  it('gives each of several simultaneous checks its own answer', async () => {
    const sources = [CLEAN, SCRIPTED, CLEAN.replace('#123', '#456'), SCRIPTED.replace('alert(1)', 'alert(2)')].map((text) => Buffer.from(text));
    const answers = await Promise.all(sources.map((source) => checker.check(source)));
    expect(answers).toEqual(sources.map((source) => sanitiseSvg(source)));
    expect('sanitised' in answers[2] && answers[2].sanitised).toContain('#456');
  });

  it('starts a new worker after being stopped', async () => {
    await checker.onModuleDestroy();
    expect(await checker.check(Buffer.from(CLEAN))).toEqual(sanitiseSvg(Buffer.from(CLEAN)));
  });
});
