import { RequestContext } from '../common/request-context';
import { demoAct } from '../media/media.demo';
import { MediaUploads } from '../media/media-upload.service';
import { CreateLegalNoticeInput } from './dto/legal-notice.input';
import { LegalNoticeKind } from './legal-notice-kind';
import { noticeSlug, yearOf } from './legal-rules';
import { LegalNoticesService } from './legal-notices.service';

/**
 * Demo "affichage légal" of the seed commune. Everything here is fictional (names, numbers,
 * documents); dates are relative to the day of seeding, so the board always shows notices on
 * display now, some already ended and some to come. Each notice's signed act is a PDF generated
 * with the media demo's `demoAct` and put in the media library, so its SHA-256 is the file's.
 */
interface DemoNotice {
  kind: LegalNoticeKind;
  /** Number within the year of the act, e.g. `045` → `2026-045`. */
  number: string;
  title: string;
  summary?: string;
  body: string;
  /** Days from today (negative: in the past). */
  actDay: number;
  meetingDay?: number;
  displayFromDay: number;
  displayUntilDay: number;
  signatory?: { name: string; role: string };
  /** `number` of the demo notice this one corrects (same kind). */
  corrects?: string;
  withdrawalReason?: string;
}

const MAYOR = { name: 'Claire Dumont (fictive)', role: 'Le Maire' };
const DEPUTY = { name: 'Paul Lemaire (fictif)', role: "L'adjoint délégué à l'urbanisme" };
const FICTIONAL = '*Document fictif de démonstration.*';
const COUNCIL_MEETING = -20;

export const DEMO_LEGAL_NOTICES: DemoNotice[] = [
  {
    kind: LegalNoticeKind.DELIBERATION, number: '061', title: 'Décision modificative n° 2 du budget principal',
    summary: 'Le conseil municipal adopte la décision modificative n° 2 du budget principal.',
    body: `${FICTIONAL}\n\n## Le conseil municipal\n\nAprès en avoir délibéré, à l'unanimité, **adopte** la décision modificative n° 2 du budget principal, telle qu'annexée.`,
    actDay: COUNCIL_MEETING, meetingDay: COUNCIL_MEETING, displayFromDay: -18, displayUntilDay: 45,
  },
  {
    kind: LegalNoticeKind.DELIBERATION, number: '062', title: 'Tarifs de la restauration scolaire',
    summary: 'Les tarifs de la cantine restent inchangés ; un tarif réduit est créé pour les familles non imposables.',
    body: `${FICTIONAL}\n\n## Le conseil municipal\n\n- **maintient** le prix du repas à 3,20 € ;\n- **crée** un tarif réduit à 1 € pour les familles non imposables.`,
    actDay: COUNCIL_MEETING, meetingDay: COUNCIL_MEETING, displayFromDay: -18, displayUntilDay: 45,
  },
  {
    kind: LegalNoticeKind.LIST_OF_DELIBERATIONS, number: 'L07', title: 'Liste des délibérations examinées en séance du conseil municipal',
    summary: 'Deux délibérations examinées : décision modificative n° 2, tarifs de la restauration scolaire.',
    body: `${FICTIONAL}\n\n1. Décision modificative n° 2 du budget principal — adoptée\n2. Tarifs de la restauration scolaire — adoptée`,
    actDay: -19, meetingDay: COUNCIL_MEETING, displayFromDay: -17, displayUntilDay: 46,
  },
  {
    kind: LegalNoticeKind.DELIBERATION, number: '048', title: 'Adhésion au groupement de commandes pour l\'achat d\'énergie',
    body: `${FICTIONAL}\n\nLe conseil municipal **approuve** l'adhésion de la commune au groupement de commandes.`,
    actDay: -100, meetingDay: -100, displayFromDay: -98, displayUntilDay: -30,
  },
  {
    kind: LegalNoticeKind.ARRETE, number: '045', title: 'Arrêté portant réglementation temporaire de la circulation rue Léo Lagrange',
    summary: 'Circulation alternée rue Léo Lagrange pendant les travaux de réseau, du lundi au vendredi de 8 h à 17 h.',
    body: `${FICTIONAL}\n\n## Article 1\n\nPendant les travaux de réseau, la circulation est alternée rue Léo Lagrange, du lundi au vendredi de 8 h à 17 h.\n\n## Article 2\n\nLe stationnement est interdit au droit du chantier.`,
    actDay: -6, displayFromDay: -5, displayUntilDay: 60,
  },
  {
    kind: LegalNoticeKind.ARRETE, number: '052', title: 'Arrêté autorisant l\'occupation du domaine public pour le marché de Noël',
    body: `${FICTIONAL}\n\n## Article 1\n\nLa place de la mairie est réservée au marché de Noël ; le stationnement y est interdit pendant la durée de la manifestation.`,
    actDay: -2, displayFromDay: 10, displayUntilDay: 75,
  },
  {
    kind: LegalNoticeKind.ARRETE, number: '047', title: 'Arrêté réglementant le stationnement rue de la Gare',
    body: `${FICTIONAL}\n\n## Article 1\n\nLe stationnement est limité à 30 minutes rue de la Gare, du n° 1 au n° 21.`,
    actDay: -15, displayFromDay: -14, displayUntilDay: 50,
  },
  {
    kind: LegalNoticeKind.ARRETE, number: '050', title: 'Arrêté rectificatif réglementant le stationnement rue de la Gare',
    summary: 'Corrige l\'arrêté n° 047 : la limitation concerne les numéros 1 à 12, et non 1 à 21.',
    body: `${FICTIONAL}\n\n## Article 1\n\nL'article 1 de l'arrêté n° 047 est remplacé : le stationnement est limité à 30 minutes rue de la Gare, du n° 1 au n° 12.`,
    actDay: -8, displayFromDay: -7, displayUntilDay: 57, corrects: '047',
  },
  {
    kind: LegalNoticeKind.ARRETE, number: '049', title: 'Arrêté portant fermeture temporaire du parc de loisirs',
    body: `${FICTIONAL}\n\n## Article 1\n\nLe parc de loisirs est fermé au public pendant les travaux d'élagage.`,
    actDay: -12, displayFromDay: -11, displayUntilDay: 52,
    withdrawalReason: 'Arrêté retiré : les travaux d\'élagage sont reportés au printemps, le parc reste ouvert.',
  },
  {
    kind: LegalNoticeKind.DECISION, number: 'D12', title: 'Décision portant contrat de maintenance de la borne publique',
    summary: 'Contrat de maintenance de la borne tactile du hall de la mairie, pour trois ans.',
    body: `${FICTIONAL}\n\nLe Maire, par délégation du conseil municipal, **décide** de signer un contrat de maintenance de la borne publique pour une durée de trois ans.`,
    actDay: -9, displayFromDay: -8, displayUntilDay: 55,
  },
  {
    kind: LegalNoticeKind.MARRIAGE_BANNS, number: 'M14', title: 'Publication de mariage',
    body: `${FICTIONAL}\n\nIl y a promesse de mariage entre Camille Exemple, domiciliée à Anor, et Dominique Modèle, domicilié à Anor. Le mariage sera célébré à la mairie d'Anor.`,
    actDay: -3, displayFromDay: -3, displayUntilDay: 8,
  },
  {
    kind: LegalNoticeKind.MARRIAGE_BANNS, number: 'M12', title: 'Publication de mariage',
    body: `${FICTIONAL}\n\nIl y a promesse de mariage entre Alex Fictif, domicilié à Anor, et Sam Imaginaire, domiciliée à Fourmies.`,
    actDay: -41, displayFromDay: -40, displayUntilDay: -29,
  },
  {
    kind: LegalNoticeKind.PLANNING_PERMISSION_APPLICATION, number: 'PC05918626X0012', title: 'Avis de dépôt d\'une demande de permis de construire',
    summary: 'Construction d\'une maison individuelle, rue des Fusillés — demande déposée, en cours d\'instruction.',
    body: `${FICTIONAL}\n\nDemande de permis de construire déposée pour la construction d'une maison individuelle (surface de plancher créée : 110 m²), rue des Fusillés.`,
    actDay: -12, displayFromDay: -10, displayUntilDay: 52, signatory: DEPUTY,
  },
  {
    kind: LegalNoticeKind.PLANNING_PERMISSION_DECISION, number: 'PC05918626X0008', title: 'Extrait de l\'arrêté accordant un permis de construire',
    summary: 'Permis accordé pour l\'extension d\'un bâtiment agricole, chemin du Moulin.',
    body: `${FICTIONAL}\n\nPermis de construire **accordé** pour l'extension d'un bâtiment agricole (surface créée : 240 m², hauteur : 9 m), chemin du Moulin.\n\nLe délai de recours contentieux de deux mois court à compter du premier jour d'une période continue de deux mois d'affichage sur le terrain.`,
    actDay: -7, displayFromDay: -6, displayUntilDay: 58, signatory: DEPUTY,
  },
  {
    kind: LegalNoticeKind.PUBLIC_INQUIRY, number: 'EP01', title: 'Avis d\'enquête publique sur la modification du plan local d\'urbanisme',
    summary: 'Enquête publique sur la modification n° 1 du PLU ; le dossier est consultable en mairie et en ligne.',
    body: `${FICTIONAL}\n\nUne enquête publique sur le projet de modification n° 1 du plan local d'urbanisme se tiendra en mairie pendant 31 jours. Le commissaire enquêteur recevra le public lors de trois permanences.`,
    actDay: -1, displayFromDay: 2, displayUntilDay: 50,
  },
];

const DAY_MS = 86_400_000;

function calendarDay(today: Date, offset: number): string {
  return new Date(today.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
}

/** Display boundaries at 06:00 UTC (07:00 or 08:00 in Paris), after the act's calendar day. */
function displayInstant(today: Date, offset: number): Date {
  return new Date(`${calendarDay(today, offset)}T06:00:00.000Z`);
}

function reference(demo: DemoNotice, today: Date): string {
  return `${yearOf(calendarDay(today, demo.actDay))}-${demo.number}`;
}

/** The act as a one-page PDF in the media library (its text without the Markdown marks); returns the media id. */
async function importDemoAct(uploads: MediaUploads, ctx: RequestContext, demo: DemoNotice, slug: string, ref: string): Promise<string> {
  const paragraphs = [`N° ${ref}`, ...demo.body.split(/\n+/).map((line) => line.replace(/^#+\s*|\*/g, '').trim()).filter(Boolean)];
  const bytes = await demoAct({ fileName: `${slug}.pdf`, title: demo.title, paragraphs });
  return (await uploads.importFile(ctx, bytes, `${slug}.pdf`)).media.id;
}

function demoSlug(demo: DemoNotice, today: Date): string {
  return noticeSlug(demo.kind, yearOf(calendarDay(today, demo.actDay)), reference(demo, today));
}

function demoInput(demo: DemoNotice, today: Date, supersedesId: string | null, mediaId: string): CreateLegalNoticeInput {
  const signatory = demo.signatory ?? MAYOR;
  return {
    kind: demo.kind,
    reference: reference(demo, today),
    title: demo.title,
    summary: demo.summary ?? null,
    body: demo.body,
    actDate: calendarDay(today, demo.actDay),
    meetingDate: demo.meetingDay === undefined ? null : calendarDay(today, demo.meetingDay),
    signatoryName: signatory.name,
    signatoryRole: signatory.role,
    displayFrom: displayInstant(today, demo.displayFromDay),
    displayUntil: displayInstant(today, demo.displayUntilDay),
    documents: [{ title: `${demo.title} (PDF signé, fictif)`, mediaId }],
    accessibilityNote: 'Le texte intégral de l\'acte figure ci-dessus ; une version imprimée en gros caractères est disponible à l\'accueil de la mairie.',
    supersedesId,
  };
}

/**
 * When the demo notice was put online: on its first day of display when that is past (the board
 * then shows notices posted weeks ago, some already over), today otherwise.
 */
function onlineAt(demo: DemoNotice, today: Date): Date {
  return demo.displayFromDay <= 0 ? displayInstant(today, demo.displayFromDay) : today;
}

/**
 * Creates and publishes the demo notices through the service (journal and rules apply), then
 * withdraws the one meant to be withdrawn. Idempotent: a notice whose kind, number and year
 * already exist is left as it is. Returns how many notices were created.
 */
export async function seedDemoLegalNotices(service: LegalNoticesService, uploads: MediaUploads, ctx: RequestContext, today = new Date()): Promise<number> {
  let created = 0;
  const find = (demo: DemoNotice) => service.findOne(ctx, {
    kind: demo.kind, reference: reference(demo, today), year: yearOf(calendarDay(today, demo.actDay)),
  });
  for (const demo of DEMO_LEGAL_NOTICES) {
    if (await find(demo)) continue;
    const corrected = demo.corrects ? DEMO_LEGAL_NOTICES.find((other) => other.number === demo.corrects && other.kind === demo.kind) : undefined;
    const supersedesId = corrected ? (await find(corrected))?.id ?? null : null;
    const mediaId = await importDemoAct(uploads, ctx, demo, demoSlug(demo, today), reference(demo, today));
    const draft = await service.create(ctx, demoInput(demo, today, supersedesId, mediaId));
    const published = await service.publishAsOf(ctx, draft, onlineAt(demo, today));
    if (demo.withdrawalReason) await service.withdraw(ctx, published, demo.withdrawalReason);
    created++;
  }
  return created;
}
