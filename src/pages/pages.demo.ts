import { RequestContext } from '../common/request-context';
import { Channel } from '../content/content.types';
import { demoAct, demoImage } from '../media/media.demo';
import { MediaUploads } from '../media/media-upload.service';
import { PageFieldsInput } from './dto/page.input';

/** A banner drawn for the demo: shapes only, no text, with its text alternative (RGAA 1.1). */
interface DemoBanner {
  fileName: string;
  alt: string;
  background: string;
  /** SVG shapes over a 1600 × 600 background. */
  shapes: string;
}

/** A one-page PDF generated for the demo, attached to the page under `title`. */
interface DemoAttachment {
  title: string;
  fileName: string;
  documentTitle: string;
  paragraphs: string[];
}

/** A page of the demo tree: children nest; `slug` defaults to one derived from the title. */
export interface DemoPage {
  title: string;
  slug?: string;
  kioskTitle?: string;
  summary?: string;
  body?: string;
  externalUrl?: string;
  channels?: Channel[];
  image?: DemoBanner;
  attachments?: DemoAttachment[];
  children?: DemoPage[];
}

const MAIRIE_CONTACT = `**Mairie d'Anor — Espace Services Publics**
5 & 5bis rue Léo Lagrange, BP 3, 59186 Anor

- Téléphone : [03 27 59 51 11](tel:+33327595111)
- Télécopie : 03 27 59 55 11
- Courriel : [mairie-contact@anor.fr](mailto:mairie-contact@anor.fr)`;

/**
 * The "vie pratique" tree of the demo commune, after the town's press releases on its public
 * services desk and kiosk (shared/seeds). Addresses and numbers are those of the documents.
 */
export const DEMO_PAGES: DemoPage[] = [
  {
    title: 'Vie pratique',
    kioskTitle: 'Vie pratique',
    summary: 'Vos démarches, les déchets, l\'enfance, l\'emploi : tout ce qui fait la vie quotidienne à Anor.',
    body: 'Retrouvez ici les informations et les services en ligne, locaux et nationaux, accessibles aussi depuis la borne publique de la mairie.',
    children: [
      {
        title: 'L\'Espace Services Publics',
        slug: 'espace-services-publics',
        kioskTitle: 'Espace Services',
        summary: 'Un accueil individualisé à la mairie pour la plupart de vos démarches, sur place.',
        image: {
          fileName: 'bandeau-espace-services-publics.jpg',
          alt: 'Illustration de l\'accueil de la mairie : un comptoir et trois personnages stylisés',
          background: '#e9f5f2',
          shapes: '<rect x="300" y="360" width="1000" height="160" fill="#2a9d8f"/><circle cx="560" cy="250" r="70" fill="#264653"/>'
            + '<circle cx="800" cy="250" r="70" fill="#e76f51"/><circle cx="1040" cy="250" r="70" fill="#e9c46a"/>',
        },
        body: `## Un accueil pour toutes vos démarches

À l'accueil de la mairie, un agent vous reçoit et répond à la majorité des demandes **dès l'accueil**, sans vous renvoyer de service en service.

Une armoire rassemble les **demandes les plus fréquentes** : pour chacune, le formulaire, une note explicative et la liste des pièces à joindre.

## Nous trouver

${MAIRIE_CONTACT}`,
      },
      {
        title: 'Démarches administratives',
        slug: 'demarches',
        kioskTitle: 'Démarches',
        summary: 'État civil, papiers d\'identité, élections, véhicules : les démarches les plus demandées.',
        children: [
          {
            title: 'Actes d\'état civil',
            slug: 'etat-civil',
            summary: 'Demander un acte de naissance, de mariage ou de décès, y compris à une autre commune.',
            body: 'Vous pouvez demander un acte en ligne, gratuitement. L\'agent d\'accueil peut faire la demande avec vous sur la borne publique.',
            externalUrl: 'https://www.service-public.fr/particuliers/vosdroits/N359',
          },
          {
            title: 'Carte d\'identité et passeport',
            slug: 'carte-identite-passeport',
            kioskTitle: 'Identité',
            summary: 'Faire une pré-demande en ligne et suivre l\'avancement de votre dossier.',
            body: 'La pré-demande se fait en ligne sur le site de l\'ANTS. Vous pouvez ensuite suivre votre demande depuis la borne.',
            externalUrl: 'https://ants.gouv.fr',
          },
          {
            title: 'Extrait de casier judiciaire',
            slug: 'casier-judiciaire',
            summary: 'Demander le bulletin n° 3 de votre casier judiciaire, gratuitement et en ligne.',
            externalUrl: 'https://casier-judiciaire.justice.gouv.fr',
          },
          {
            title: 'Certificat de non-gage',
            slug: 'certificat-de-non-gage',
            kioskTitle: 'Non-gage',
            summary: 'Le certificat de situation administrative, nécessaire pour vendre votre véhicule.',
            body: 'Munissez-vous de la carte grise du véhicule : l\'agent d\'accueil imprime le certificat immédiatement. Plus besoin de vous rendre à la sous-préfecture d\'Avesnes-sur-Helpe.',
            externalUrl: 'https://siv.interieur.gouv.fr/map-usg-ui/do/csa_retour_dem_certificat',
          },
          {
            title: 'Inscription sur les listes électorales',
            slug: 'listes-electorales',
            kioskTitle: 'Élections',
            summary: 'S\'inscrire en ligne ou à la mairie, vérifier son inscription.',
            externalUrl: 'https://www.service-public.fr/particuliers/vosdroits/R16396',
          },
          {
            title: 'Cadastre et plan local d\'urbanisme',
            slug: 'cadastre',
            summary: 'Consulter le plan cadastral, le PLU et l\'orthophotoplan.',
            externalUrl: 'https://www.cadastre.gouv.fr',
          },
        ],
      },
      {
        title: 'Déchets',
        slug: 'dechets',
        summary: 'Bacs d\'ordures ménagères et accès à la déchetterie, avec la Communauté de communes.',
        children: [
          {
            title: 'Bacs d\'ordures ménagères',
            slug: 'bacs-ordures-menageres',
            kioskTitle: 'Bacs',
            summary: 'Demander un bac ou sa réparation.',
            body: 'La demande de délivrance ou de réparation d\'un bac se fait à l\'accueil de la mairie ou en ligne, en liaison avec la Communauté de communes.',
          },
          {
            title: 'Carte d\'accès à la déchetterie',
            slug: 'decheterie',
            kioskTitle: 'Déchetterie',
            summary: 'Obtenir la carte qui donne accès à la déchetterie intercommunale.',
          },
        ],
      },
      {
        title: 'Enfance',
        slug: 'enfance',
        summary: 'Restauration scolaire, garderie et accueil de loisirs du service enfance.',
        children: [
          {
            title: 'Restauration scolaire et garderie',
            slug: 'restauration-scolaire',
            kioskTitle: 'Cantine',
            summary: 'Inscrire votre enfant au restaurant scolaire et à la garderie.',
          },
          {
            title: 'Accueil de loisirs',
            slug: 'accueil-de-loisirs',
            summary: 'Les vacances et mercredis de vos enfants au centre de loisirs.',
          },
          {
            title: 'Payer en ligne le service enfance',
            slug: 'paiement-en-ligne',
            kioskTitle: 'Paiement',
            summary: 'Réglez repas, garderie et centre de loisirs par carte bancaire, en toute sécurité, ou par prélèvement automatique.',
            body: 'Le paiement en ligne est sécurisé. Vous pouvez aussi opter pour le **prélèvement automatique** : demandez le formulaire à l\'accueil.',
            channels: [Channel.WEB],
          },
        ],
      },
      {
        title: 'Emploi et solidarités',
        slug: 'emploi',
        kioskTitle: 'Emploi',
        summary: 'Le visio-guichet avec France Travail, la CAF et la Mission locale, et les offres d\'emploi.',
        body: `## Le Point visio-public

Depuis la mairie, échangez en vidéo avec un conseiller de **France Travail**, de la **CAF** ou de la **Mission locale rurale de l'Avesnois**, et échangez vos documents sans vous déplacer.

La borne publique permet aussi de consulter et d'imprimer les offres d'emploi.`,
      },
      {
        title: 'Cimetière',
        slug: 'cimetiere',
        summary: 'Concessions, entretien des sépultures et règlement du cimetière communal.',
        body: `## Concessions

Les concessions se demandent à l'accueil de la mairie, qui vous indique les emplacements disponibles, les durées proposées et les tarifs votés par le conseil municipal.

## Règlement

Le règlement du cimetière fixe les horaires d'ouverture, les conditions d'inhumation et l'entretien des sépultures. Il est joint à cette page et consultable à l'accueil.`,
        image: {
          fileName: 'cimetiere-communal.jpg',
          alt: 'Illustration du cimetière communal : une allée entre deux rangées d\'arbres stylisés',
          background: '#f1f4ec',
          shapes: '<polygon points="700,600 900,600 820,240 780,240" fill="#bcb8b1"/>'
            + '<circle cx="480" cy="260" r="110" fill="#606c38"/><circle cx="1120" cy="260" r="110" fill="#606c38"/>'
            + '<circle cx="300" cy="330" r="90" fill="#283618"/><circle cx="1300" cy="330" r="90" fill="#283618"/>',
        },
        attachments: [{
          title: 'Règlement du cimetière (PDF, document fictif)',
          fileName: 'reglement-du-cimetiere.pdf',
          documentTitle: 'Règlement du cimetière communal (document fictif de démonstration)',
          paragraphs: [
            'Le Maire de la commune d\'Anor,',
            'Vu le Code général des collectivités territoriales, notamment ses articles L2213-7 à L2213-15 et L2223-1 et suivants ;',
            'ARRÊTE',
            'Article 1 : Le cimetière est ouvert au public tous les jours, de 8 h à 18 h, et jusqu\'à 19 h d\'avril à septembre.',
            'Article 2 : Aucune inhumation n\'a lieu sans l\'autorisation du maire.',
            'Article 3 : Les concessionnaires entretiennent leurs sépultures en bon état de propreté et de solidité.',
            'Article 4 : Les animaux ne sont pas admis, à l\'exception des chiens guides et d\'assistance.',
            'Fait à Anor, le 5 janvier 2026. Le Maire.',
          ],
        }],
      },
      {
        title: 'La borne publique',
        slug: 'borne-publique',
        kioskTitle: 'La borne',
        summary: 'Un accès libre à internet et aux services en ligne dans le hall de la mairie, accompagné si vous le souhaitez.',
        body: 'La borne donne accès aux services en ligne locaux et nationaux, aux formulaires et aux simulateurs (CAF, retraite…). Ses rubriques sont aussi sur ce site, 24 h/24 et 7 j/7.',
      },
    ],
  },
  {
    title: 'La mairie',
    slug: 'mairie',
    summary: 'Nous contacter, nos engagements de qualité d\'accueil.',
    children: [
      { title: 'Contact et accès', slug: 'contact', kioskTitle: 'Contact', body: MAIRIE_CONTACT },
      {
        title: 'Notre engagement : la Charte Marianne',
        slug: 'charte-marianne',
        summary: 'Équité, transparence et accessibilité de l\'accueil.',
        body: 'La mairie s\'engage à un accueil attentif et accessible : accueil aménagé, accès pour les personnes à mobilité réduite, déplacement des agents à domicile si nécessaire.',
      },
    ],
  },
];

/**
 * The page's banner and attachments, generated and put in the media library (identical bytes are
 * stored once, so running the seed again adds no file), as the create input expects them.
 */
export async function demoPageMedia(ctx: RequestContext, uploads: MediaUploads, demo: DemoPage):
  Promise<Pick<PageFieldsInput, 'imageMediaId' | 'attachments'>> {
  const media: Pick<PageFieldsInput, 'imageMediaId' | 'attachments'> = {};
  if (demo.image) {
    const bytes = await demoImage({ ...demo.image, width: 1600, height: 600, format: 'jpeg' });
    media.imageMediaId = (await uploads.importFile(ctx, bytes, demo.image.fileName, { alt: demo.image.alt })).media.id;
  }
  if (demo.attachments) {
    media.attachments = [];
    for (const attachment of demo.attachments) {
      const bytes = await demoAct({ fileName: attachment.fileName, title: attachment.documentTitle, paragraphs: attachment.paragraphs });
      media.attachments.push({ title: attachment.title, mediaId: (await uploads.importFile(ctx, bytes, attachment.fileName)).media.id });
    }
  }
  return media;
}
