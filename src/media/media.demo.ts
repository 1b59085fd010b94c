import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { RequestContext } from '../common/request-context';
import { MediaUploads } from './media-upload.service';

/** A fixed date, so regenerating a demo PDF gives the same bytes (and de-duplication keeps it once). */
const DEMO_DATE = new Date('2026-01-05T09:00:00Z');

interface DemoImage {
  fileName: string;
  width: number;
  height: number;
  background: string;
  /** Shapes only, no text: SVG drawn over the background. */
  shapes: string;
  format: 'png' | 'jpeg';
  alt?: string;
}

const DEMO_IMAGES: DemoImage[] = [
  {
    fileName: 'brocante-place-du-general-de-gaulle.jpg', width: 1600, height: 1000, background: '#f4a261', format: 'jpeg',
    shapes: '<circle cx="400" cy="380" r="220" fill="#e76f51"/><rect x="800" y="500" width="600" height="380" fill="#2a9d8f"/>',
    alt: 'Illustration de la brocante : formes orange et vertes',
  },
  {
    fileName: 'logo-harmonie-municipale.png', width: 640, height: 640, background: '#ffffff', format: 'png',
    shapes: '<circle cx="320" cy="320" r="260" fill="#264653"/><polygon points="320,120 500,480 140,480" fill="#e9c46a"/>',
    alt: "Logo de l'harmonie municipale : triangle jaune dans un disque bleu",
  },
  {
    fileName: 'bandeau-decoratif.png', width: 1600, height: 200, background: '#caf0f8', format: 'png',
    shapes: '<rect x="0" y="150" width="1600" height="50" fill="#0077b6"/>',
  },
];

interface DemoAct {
  fileName: string;
  title: string;
  paragraphs: string[];
}

const DEMO_ACTS: DemoAct[] = [
  {
    fileName: 'arrete-2026-001-circulation-rue-de-la-gare.pdf',
    title: 'Arrêté municipal n° 2026-001 portant réglementation temporaire de la circulation rue de la Gare',
    paragraphs: [
      'Le Maire de la commune d\'Anor,',
      'Vu le Code général des collectivités territoriales, notamment ses articles L2212-1 et L2213-1 ;',
      'Considérant la nécessité de réglementer la circulation pendant les travaux de voirie ;',
      'ARRÊTE',
      'Article 1 : La circulation est interdite rue de la Gare du 12 au 16 janvier 2026.',
      'Article 2 : Une déviation est mise en place par la rue Jean Jaurès.',
      'Fait à Anor, le 5 janvier 2026. Le Maire.',
    ],
  },
  {
    fileName: 'deliberation-2026-003-tarifs-salle-des-fetes.pdf',
    title: 'Délibération n° 2026-003 : tarifs de location de la salle des fêtes',
    paragraphs: [
      'Conseil municipal d\'Anor, séance du 5 janvier 2026.',
      'Le conseil municipal, après en avoir délibéré, fixe les tarifs de location de la salle des fêtes',
      'à compter du 1er février 2026 comme suit : habitants de la commune 150 euros, extérieurs 300 euros.',
      'Adopté à l\'unanimité.',
    ],
  },
];

export async function demoImage(image: DemoImage): Promise<Buffer> {
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${image.width}" height="${image.height}">${image.shapes}</svg>`);
  const canvas = sharp({ create: { width: image.width, height: image.height, channels: 3, background: image.background } })
    .composite([{ input: overlay }]);
  return image.format === 'png' ? canvas.png().toBuffer() : canvas.jpeg({ quality: 80 }).toBuffer();
}

/** A one-page act with its title and language in the metadata (RGAA 8.3/8.5 asks for both). */
export async function demoAct(act: DemoAct): Promise<Buffer> {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.setTitle(act.title, { showInWindowTitleBar: true });
  document.setLanguage('fr-FR');
  document.setAuthor('Mairie d\'Anor');
  document.setCreationDate(DEMO_DATE);
  document.setModificationDate(DEMO_DATE);
  const page = document.addPage([595, 842]);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const regular = await document.embedFont(StandardFonts.Helvetica);
  page.drawText('Commune d\'Anor (Nord)', { x: 56, y: 780, size: 12, font: bold });
  let y = 740;
  for (const line of wrap(act.title, 80)) {
    page.drawText(line, { x: 56, y, size: 13, font: bold });
    y -= 18;
  }
  y -= 12;
  for (const paragraph of act.paragraphs) {
    for (const line of wrap(paragraph, 95)) {
      page.drawText(line, { x: 56, y, size: 10.5, font: regular });
      y -= 15;
    }
    y -= 6;
  }
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

/** Adds the demo pictures and acts; idempotent because identical bytes are stored once. */
export async function seedDemoMedia(ctx: RequestContext, uploads: MediaUploads): Promise<number> {
  let created = 0;
  for (const image of DEMO_IMAGES) {
    const result = await uploads.importFile(ctx, await demoImage(image), image.fileName, image.alt ? { alt: image.alt } : { decorative: true });
    if (result.created) created++;
  }
  for (const act of DEMO_ACTS) {
    if ((await uploads.importFile(ctx, await demoAct(act), act.fileName)).created) created++;
  }
  return created;
}
