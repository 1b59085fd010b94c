import { RequestContext } from '../common/request-context';
import { demoAct } from '../media/media.demo';
import { MediaUploads } from '../media/media-upload.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { CostLineInput, CreateProcedureInput, ProcedureCaseInput, RequiredDocumentInput } from './dto/procedure.input';
import { DocumentForm, DocumentRequirement, OnlineServiceKind, ProcedureAudience, ProcedureLocationKind } from './procedure.types';
import { ProceduresService } from './procedures.service';

/**
 * The cabinet of frequent requests of the demo commune (Anor, Nord), after service-public.fr as
 * known in 2026. Where a detail may have changed (a CERFA version, a fee, a delay), the sheet says
 * "vérifier sur service-public.fr": staff must check before relying on it. Themes are found by
 * slug among the demo terms; related sheets by slug.
 */
export interface DemoProcedure extends Omit<CreateProcedureInput, 'themeId' | 'relatedProcedureIds' | 'slug'> {
  slug: string;
  themeSlug: string;
  relatedSlugs?: string[];
  /** The commune's own form, generated as a one-page PDF and put in the media library (added after the other links). */
  libraryForm?: DemoForm;
}

interface DemoForm {
  /** What the link says. */
  name: string;
  fileName: string;
  documentTitle: string;
  paragraphs: string[];
}

type DocumentOptions = Partial<Omit<RequiredDocumentInput, 'label'>>;

/** A document with the usual defaults: one original, mandatory, for the whole sheet. */
function doc(label: string, options: DocumentOptions = {}): RequiredDocumentInput {
  return { label, form: DocumentForm.ORIGINAL, quantity: 1, requirement: DocumentRequirement.MANDATORY, ...options };
}

/** A document needed only in the situation `condition` describes. */
function ifDoc(label: string, condition: string, options: DocumentOptions = {}): RequiredDocumentInput {
  return doc(label, { ...options, requirement: DocumentRequirement.CONDITIONAL, condition });
}

/** A cost line, for the whole sheet or for the cases named (as a document's). */
function cost(label: string, caseKeys: string[] = []): CostLineInput {
  return { label, caseKeys };
}

/**
 * Case keys follow one convention on every sheet (procedure-rules.ts, CASE_KEY_PATTERN): the same
 * answer has the same key (`majeur`, `mineur`, `premiere-demande`, `renouvellement`, `perte-vol`),
 * and a narrower answer adds its qualifier to the broader key (the passport's fee bands
 * `mineur-moins-15`, `mineur-15-17`).
 */
function cases(question: string, entries: [key: string, label: string][]): ProcedureCaseInput[] {
  return entries.map(([key, label]) => ({ key, label, question }));
}

const TOWN_HALL = {
  kind: ProcedureLocationKind.TOWN_HALL_DESK,
  officeName: 'Mairie d\'Anor — Espace Services Publics',
  address: '5 & 5bis rue Léo Lagrange, BP 3, 59186 Anor',
};

const ONLINE_ONLY = { kind: ProcedureLocationKind.ONLINE_ONLY };

/** Identity cards and passports are taken by town halls with a collection station, on appointment. */
const COLLECTION_STATION = {
  kind: ProcedureLocationKind.OTHER_OFFICE,
  officeName: 'Une mairie équipée d\'un dispositif de recueil (par exemple Fourmies)',
  openingHours: 'Sur rendez-vous, auprès de la mairie choisie',
};

const ANTS_PRE_REQUEST = { name: 'Pré-demande en ligne (ANTS)', url: 'https://ants.gouv.fr', kind: OnlineServiceKind.ONLINE_SERVICE };
const APPOINTMENT = { name: 'Trouver un rendez-vous près de chez soi', url: 'https://rendezvouspasseport.ants.gouv.fr', kind: OnlineServiceKind.ONLINE_SERVICE };
const TAX_STAMP = { name: 'Acheter un timbre fiscal électronique', url: 'https://timbres.impots.gouv.fr', kind: OnlineServiceKind.ONLINE_SERVICE };

const AGE_ADULT_MINOR = cases('Âge', [['majeur', 'Majeur'], ['mineur', 'Mineur']]);
const ID_SITUATION = cases('Situation', [['premiere-demande', 'Première demande'], ['renouvellement', 'Renouvellement'], ['perte-vol', 'Perte ou vol']]);

/** What an identity card and a passport request share; `specific` (old document, fee) comes after the proof of address. */
function identityDocuments(minorKeys: string[], otherDocument: { label: string; note: string }, specific: RequiredDocumentInput[]): RequiredDocumentInput[] {
  const civilStatus = ['premiere-demande', 'perte-vol'];
  return [
    doc('Numéro de pré-demande ANTS', { note: '(ou le formulaire cerfa rempli, disponible en mairie)' }),
    doc('Photo d\'identité', { note: 'de moins de 6 mois, conforme aux normes (ou code e-photo)' }),
    doc('Justificatif de domicile', { note: 'de moins de 1 an, au nom du demandeur (du parent pour un mineur)' }),
    ...specific,
    ifDoc('Déclaration de vol', 'en cas de vol (la perte se déclare en mairie lors du rendez-vous)', { note: 'faite au commissariat ou à la gendarmerie', caseKeys: ['perte-vol'] }),
    doc(otherDocument.label, { note: otherDocument.note, oneOfGroup: 'etat-civil', caseKeys: civilStatus }),
    doc('Acte de naissance (copie intégrale ou extrait avec filiation)', {
      note: 'de moins de 3 mois, inutile si la commune de naissance est reliée à COMEDEC (vérifier sur service-public.fr)',
      oneOfGroup: 'etat-civil', caseKeys: civilStatus,
    }),
    ifDoc('Justificatif de nationalité française', 'si l\'acte de naissance ne suffit pas à la prouver', { caseKeys: ['premiere-demande'] }),
    doc('Pièce d\'identité du parent qui fait la demande', { caseKeys: minorKeys }),
    ifDoc('Jugement fixant l\'autorité parentale et la résidence de l\'enfant', 'si les parents sont séparés ou divorcés', { form: DocumentForm.COPY, caseKeys: minorKeys }),
    ifDoc('Attestation d\'hébergement signée par l\'hébergeant', 'si vous êtes hébergé(e)'),
    ifDoc('Pièce d\'identité et justificatif de domicile de l\'hébergeant', 'si vous êtes hébergé(e)', { form: DocumentForm.COPY }),
  ];
}

export const DEMO_PROCEDURES: DemoProcedure[] = [
  {
    title: 'Carte nationale d\'identité',
    slug: 'carte-nationale-identite',
    themeSlug: 'identite',
    summary: 'Demander, renouveler ou remplacer après une perte ou un vol la carte d\'identité d\'un majeur ou d\'un mineur.',
    explanation: `## Comment faire

1. Faites la **pré-demande en ligne** sur le site de l'ANTS (l'agent d'accueil peut vous aider sur la borne de la mairie), ou remplissez le formulaire papier.
2. Prenez **rendez-vous** dans une mairie équipée d'un dispositif de recueil : la mairie d'Anor n'en a pas.
3. Présentez-vous au rendez-vous avec les pièces de la liste. Les empreintes sont relevées à partir de 12 ans ; un mineur doit être présent, avec le parent qui fait la demande.
4. Retirez la carte dans la mairie du dépôt, en personne (à partir de 12 ans pour un mineur).

La carte est gratuite, sauf en cas de perte ou de vol (timbre fiscal de 25 €). Délais et pièces : vérifier sur service-public.fr.`,
    whereToGo: COLLECTION_STATION,
    costs: [cost('Gratuit', ['premiere-demande', 'renouvellement']), cost('25 € (timbre fiscal)', ['perte-vol'])],
    processingTime: 'Variable selon la période, souvent plusieurs semaines (vérifier sur service-public.fr)',
    // The tax stamp is bought only after a loss or theft: the link follows the fee.
    onlineServices: [ANTS_PRE_REQUEST, APPOINTMENT, { ...TAX_STAMP, caseKeys: ['perte-vol'] }],
    legalReferences: ['Décret n° 55-1397 du 22 octobre 1955 instituant la carte nationale d\'identité'],
    cases: [...AGE_ADULT_MINOR, ...ID_SITUATION],
    documents: identityDocuments(['mineur'], { label: 'Passeport', note: 'valide ou périmé depuis moins de 5 ans' }, [
      doc('Ancienne carte d\'identité', { caseKeys: ['renouvellement'] }),
      doc('Timbre fiscal de 25 €', { note: 'papier ou électronique', caseKeys: ['perte-vol'] }),
    ]),
    relatedSlugs: ['passeport', 'acte-etat-civil'],
  },
  {
    title: 'Passeport',
    slug: 'passeport',
    themeSlug: 'identite',
    summary: 'Demander, renouveler ou remplacer un passeport : 86 € pour un majeur, 42 € de 15 à 17 ans, 17 € avant 15 ans.',
    explanation: `## Comment faire

Comme pour la carte d'identité : **pré-demande en ligne** sur le site de l'ANTS, **rendez-vous** dans une mairie équipée d'un dispositif de recueil, puis retrait en personne.

Le timbre fiscal s'achète en ligne, dans un bureau de tabac ou à la trésorerie. Le passeport est valable 10 ans pour un majeur et 5 ans pour un mineur (vérifier sur service-public.fr).`,
    whereToGo: COLLECTION_STATION,
    costs: [cost('86 € (timbre fiscal)', ['majeur']), cost('42 € (timbre fiscal)', ['mineur-15-17']), cost('17 € (timbre fiscal)', ['mineur-moins-15'])],
    processingTime: 'Variable selon la période, souvent plusieurs semaines (vérifier sur service-public.fr)',
    onlineServices: [ANTS_PRE_REQUEST, APPOINTMENT, TAX_STAMP],
    legalReferences: ['Décret n° 2005-1726 du 30 décembre 2005 relatif aux passeports'],
    cases: [
      ...cases('Âge', [['majeur', 'Majeur'], ['mineur-15-17', 'Mineur de 15 à 17 ans'], ['mineur-moins-15', 'Mineur de moins de 15 ans']]),
      ...ID_SITUATION,
    ],
    documents: identityDocuments(['mineur-15-17', 'mineur-moins-15'], { label: 'Carte d\'identité', note: 'valide ou périmée depuis moins de 5 ans' }, [
      doc('Ancien passeport', { caseKeys: ['renouvellement'] }),
      doc('Timbre fiscal de 86 €', { note: 'papier ou électronique', caseKeys: ['majeur'] }),
      doc('Timbre fiscal de 42 €', { note: 'papier ou électronique', caseKeys: ['mineur-15-17'] }),
      doc('Timbre fiscal de 17 €', { note: 'papier ou électronique', caseKeys: ['mineur-moins-15'] }),
    ]),
    relatedSlugs: ['carte-nationale-identite'],
  },
  {
    title: 'Inscription sur les listes électorales',
    slug: 'inscription-listes-electorales',
    themeSlug: 'elections',
    summary: 'S\'inscrire pour voter à Anor : en ligne ou à l\'accueil de la mairie, toute l\'année.',
    explanation: `## Quand s'inscrire

Toute l'année. Pour voter à une élection, la demande doit être faite au plus tard le **6e vendredi** avant le scrutin (vérifier sur service-public.fr).

Les jeunes recensés à 16 ans sont inscrits d'office à 18 ans ; les personnes qui ont acquis la nationalité française aussi.

Vous pouvez vérifier votre situation électorale en ligne.`,
    whereToGo: TOWN_HALL,
    costs: [cost('Gratuit')],
    processingTime: 'Décision du maire dans les 5 jours ; inscription possible jusqu\'au 6e vendredi avant un scrutin',
    onlineServices: [
      { name: 'S\'inscrire en ligne', url: 'https://www.service-public.fr/particuliers/vosdroits/R16396', kind: OnlineServiceKind.ONLINE_SERVICE },
      { name: 'Formulaire d\'inscription (vérifier la version sur service-public.fr)', url: 'https://www.service-public.fr/particuliers/vosdroits/R16024', kind: OnlineServiceKind.FORM, cerfaNumber: '12669*03' },
    ],
    legalReferences: ['Code électoral : articles L11 à L16'],
    cases: cases('Votre lien avec la commune', [
      ['domicile', 'J\'habite à Anor'], ['heberge', 'Je suis hébergé(e) à Anor'], ['contribuable', 'Je paie des impôts locaux à Anor'],
    ]),
    audiences: [ProcedureAudience.INDIVIDUALS],
    documents: [
      doc('Pièce d\'identité', { note: 'valide ou périmée depuis moins de 5 ans (carte d\'identité ou passeport)' }),
      doc('Formulaire cerfa de demande d\'inscription', { note: 'rempli (à l\'accueil, inutile pour une demande en ligne)' }),
      doc('Justificatif de domicile', { note: 'de moins de 3 mois, à votre nom', caseKeys: ['domicile'] }),
      doc('Attestation d\'hébergement', { note: 'datée et signée par l\'hébergeant', caseKeys: ['heberge'] }),
      doc('Justificatif de domicile de l\'hébergeant', { note: 'de moins de 3 mois', caseKeys: ['heberge'] }),
      doc('Avis d\'imposition aux impôts locaux', { note: 'des 2 dernières années, pour un bien à Anor', caseKeys: ['contribuable'] }),
    ],
    relatedSlugs: ['recensement-citoyen'],
  },
  {
    title: 'Acte d\'état civil (naissance, mariage, décès)',
    slug: 'acte-etat-civil',
    themeSlug: 'etat-civil',
    summary: 'Obtenir une copie ou un extrait d\'acte de naissance, de mariage ou de décès, gratuitement et en ligne.',
    explanation: `## Où demander l'acte

L'acte se demande à la **mairie du lieu de l'événement** (naissance, mariage, décès). La demande en ligne est gratuite ; méfiez-vous des sites privés qui la font payer.

Pour un événement survenu à Anor, vous pouvez aussi le demander à l'accueil de la mairie. Les Français nés à l'étranger s'adressent au Service central d'état civil (vérifier sur service-public.fr).`,
    whereToGo: ONLINE_ONLY,
    costs: [cost('Gratuit')],
    processingTime: 'Envoi par courrier, en général sous quelques jours',
    onlineServices: [
      { name: 'Demander un acte d\'état civil (service-public.fr)', url: 'https://www.service-public.fr/particuliers/vosdroits/N359', kind: OnlineServiceKind.ONLINE_SERVICE },
    ],
    legalReferences: ['Décret n° 2017-890 du 6 mai 2017 relatif à l\'état civil'],
    cases: cases('Acte demandé', [['naissance', 'Naissance'], ['mariage', 'Mariage'], ['deces', 'Décès']]),
    documents: [
      ifDoc('Pièce d\'identité du demandeur', 'si vous faites la demande à l\'accueil de la mairie'),
      ifDoc('Livret de famille', 'si vous l\'avez, pour retrouver dates et noms exacts', { caseKeys: ['naissance', 'mariage'] }),
      ifDoc('Noms et prénoms des parents de la personne concernée', 'pour une copie intégrale ou un extrait avec filiation', { note: '(à indiquer dans la demande)', caseKeys: ['naissance', 'mariage'] }),
      doc('Date et lieu du décès, nom et prénoms du défunt', { note: '(à indiquer dans la demande)', caseKeys: ['deces'] }),
    ],
    relatedSlugs: ['carte-nationale-identite'],
  },
  {
    title: 'Recensement citoyen à 16 ans',
    slug: 'recensement-citoyen',
    themeSlug: 'elections',
    summary: 'Tout jeune Français se fait recenser entre ses 16 ans et la fin du 3e mois qui suit ; l\'attestation est demandée pour les examens et le permis.',
    explanation: `## Pourquoi se faire recenser

Le recensement est **obligatoire**. Il permet d'être convoqué à la Journée défense et citoyenneté (JDC) et d'être **inscrit d'office sur les listes électorales** à 18 ans.

L'attestation de recensement est remise tout de suite ; gardez-la, elle n'est pas délivrée en double (vérifier sur service-public.fr).`,
    whereToGo: TOWN_HALL,
    costs: [cost('Gratuit')],
    processingTime: 'Attestation remise sur place',
    onlineServices: [
      { name: 'Se faire recenser en ligne (service-public.fr)', url: 'https://www.service-public.fr/particuliers/vosdroits/F870', kind: OnlineServiceKind.ONLINE_SERVICE },
    ],
    legalReferences: ['Code du service national : articles L113-1 à L113-8'],
    cases: cases('Qui se présente', [['jeune', 'Le jeune lui-même'], ['representant', 'Son représentant légal']]),
    documents: [
      doc('Pièce d\'identité du jeune', { note: '(carte d\'identité ou passeport valide)' }),
      doc('Livret de famille à jour'),
      doc('Pièce d\'identité du représentant légal', { caseKeys: ['representant'] }),
      ifDoc('Document justifiant de la nationalité française', 'si le jeune est devenu français'),
    ],
    relatedSlugs: ['inscription-listes-electorales'],
  },
  {
    title: 'Cession d\'un véhicule',
    slug: 'cession-vehicule',
    themeSlug: 'vehicules',
    summary: 'Vendre ou donner son véhicule : déclarer la cession en ligne dans les 15 jours et remettre les documents à l\'acheteur.',
    explanation: `## Vendeur

Remplissez avec l'acheteur le **certificat de cession** (cerfa 15776*02), barrez la carte grise avec la mention « Vendu le … à … heures » et signez-la, puis **déclarez la cession en ligne dans les 15 jours** : vous recevez un code de cession à remettre à l'acheteur.

## Acheteur

Faites immatriculer le véhicule à votre nom **dans le mois**, en ligne. La préfecture ne reçoit plus de public pour les cartes grises : l'agent d'accueil peut vous aider sur la borne de la mairie.`,
    whereToGo: ONLINE_ONLY,
    costs: [
      cost('Déclaration de cession gratuite', ['vendeur']),
      cost('Nouvelle carte grise payante (selon le véhicule et la région, vérifier sur service-public.fr)', ['acheteur']),
    ],
    processingTime: 'Cession à déclarer dans les 15 jours ; carte grise de l\'acheteur à demander dans le mois',
    onlineServices: [
      { name: 'Déclarer la cession ou immatriculer (ANTS)', url: 'https://immatriculation.ants.gouv.fr', kind: OnlineServiceKind.ONLINE_SERVICE },
      { name: 'Certificat de cession d\'un véhicule d\'occasion', url: 'https://www.formulaires.service-public.fr/gf/cerfa_15776.do', kind: OnlineServiceKind.FORM, cerfaNumber: '15776*02' },
    ],
    legalReferences: ['Code de la route : article R322-4'],
    audiences: [ProcedureAudience.INDIVIDUALS, ProcedureAudience.BUSINESSES],
    cases: cases('Vous êtes', [['vendeur', 'Le vendeur'], ['acheteur', 'L\'acheteur']]),
    documents: [
      doc('Certificat de cession (cerfa 15776*02)', { note: 'rempli et signé par le vendeur et l\'acheteur', quantity: 2, caseKeys: ['vendeur'] }),
      doc('Certificat d\'immatriculation (carte grise)', { note: 'barré, avec la mention « Vendu le … à … heures », et signé', caseKeys: ['vendeur'] }),
      doc('Certificat de situation administrative (non-gage)', { note: 'de moins de 15 jours, à remettre à l\'acheteur', caseKeys: ['vendeur'] }),
      ifDoc('Procès-verbal de contrôle technique', 'si le véhicule a plus de 4 ans', { note: 'de moins de 6 mois', caseKeys: ['vendeur'] }),
      doc('Exemplaire du certificat de cession et carte grise barrée', { note: 'remis par le vendeur', caseKeys: ['acheteur'] }),
      doc('Code de cession', { note: 'remis par le vendeur après sa déclaration en ligne', caseKeys: ['acheteur'] }),
      doc('Justificatif de domicile', { note: 'de moins de 6 mois', caseKeys: ['acheteur'] }),
      doc('Permis de conduire', { note: 'de la catégorie du véhicule', caseKeys: ['acheteur'] }),
      doc('Attestation d\'assurance du véhicule', { caseKeys: ['acheteur'] }),
    ],
    relatedSlugs: ['certificat-non-gage'],
  },
  {
    title: 'Certificat de non-gage (certificat de situation administrative)',
    slug: 'certificat-non-gage',
    themeSlug: 'vehicules',
    summary: 'Obtenir gratuitement et en ligne le certificat qui dit si un véhicule est gagé ou s\'opposer à sa vente.',
    explanation: `Le **certificat de situation administrative** (ancien « certificat de non-gage ») indique si le véhicule fait l'objet d'un gage ou d'une opposition. Le vendeur le remet à l'acheteur ; il doit dater de **moins de 15 jours**.

Il s'obtient **gratuitement** en ligne, avec les informations de la carte grise. Méfiez-vous des sites privés payants.`,
    whereToGo: ONLINE_ONLY,
    costs: [cost('Gratuit')],
    processingTime: 'Immédiat, en ligne',
    onlineServices: [
      { name: 'Obtenir le certificat de situation administrative', url: 'https://siv.interieur.gouv.fr/map-usg-ui/do/accueil_certificat', kind: OnlineServiceKind.ONLINE_SERVICE },
    ],
    legalReferences: ['Code de la route : article R322-4'],
    audiences: [ProcedureAudience.INDIVIDUALS, ProcedureAudience.BUSINESSES],
    documents: [
      doc('Certificat d\'immatriculation (carte grise) du véhicule', { note: '(numéro d\'immatriculation, date de première immatriculation et date du certificat sont demandés)' }),
    ],
  },
  {
    title: 'Bacs d\'ordures ménagères : demande ou réparation',
    slug: 'bacs-ordures-menageres',
    themeSlug: 'dechets',
    summary: 'Demander un bac à l\'arrivée dans la commune, le faire réparer ou le remplacer après un vol : la mairie transmet à la Communauté de communes.',
    explanation: `La collecte des déchets est assurée par la **Communauté de communes du Sud Avesnois** (vérifier). L'accueil de la mairie enregistre votre demande et la transmet ; la Communauté de communes livre ou répare le bac.

Indiquez le **numéro du bac** inscrit sur la cuve pour une réparation ou un remplacement.`,
    whereToGo: TOWN_HALL,
    costs: [cost('Gratuit (vérifier auprès de la Communauté de communes)')],
    processingTime: 'Livraison ou réparation par la Communauté de communes, en général sous quelques semaines',
    cases: cases('Votre demande', [
      ['nouveau-bac', 'Premier bac (emménagement)'], ['reparation', 'Réparation (roue, couvercle…)'], ['remplacement', 'Remplacement après vol ou destruction'],
    ]),
    documents: [
      doc('Pièce d\'identité'),
      doc('Justificatif de domicile', { note: 'de moins de 3 mois', caseKeys: ['nouveau-bac'] }),
      doc('Numéro du bac', { note: '(inscrit sur la cuve)', caseKeys: ['reparation', 'remplacement'] }),
      ifDoc('Déclaration de vol', 'en cas de vol', { form: DocumentForm.COPY, caseKeys: ['remplacement'] }),
    ],
    relatedSlugs: ['carte-acces-decheterie'],
  },
  {
    title: 'Carte d\'accès à la déchetterie',
    slug: 'carte-acces-decheterie',
    themeSlug: 'dechets',
    summary: 'Obtenir la carte qui ouvre l\'accès aux déchetteries de la Communauté de communes.',
    explanation: `La carte est délivrée par l'accueil de la mairie pour le compte de la Communauté de communes. Les **professionnels** ont un accès réglementé et leurs dépôts peuvent être facturés (vérifier auprès de la Communauté de communes).`,
    whereToGo: TOWN_HALL,
    costs: [cost('Gratuit', ['particulier']), cost('Dépôts facturés selon le volume (vérifier auprès de la Communauté de communes)', ['professionnel'])],
    processingTime: 'Carte remise sur place ou envoyée sous quelques jours',
    audiences: [ProcedureAudience.INDIVIDUALS, ProcedureAudience.BUSINESSES, ProcedureAudience.ASSOCIATIONS],
    cases: cases('Vous êtes', [['particulier', 'Un particulier'], ['professionnel', 'Un professionnel ou une association']]),
    documents: [
      doc('Pièce d\'identité'),
      doc('Justificatif de domicile', { note: 'de moins de 3 mois', caseKeys: ['particulier'] }),
      doc('Extrait Kbis ou avis de situation au répertoire SIRENE', { note: 'de moins de 3 mois', caseKeys: ['professionnel'] }),
      doc('Certificat d\'immatriculation du véhicule utilisé', { form: DocumentForm.COPY, caseKeys: ['professionnel'] }),
    ],
  },
  {
    title: 'Inscription à la restauration scolaire',
    slug: 'restauration-scolaire',
    themeSlug: 'enfance',
    summary: 'Inscrire un enfant à la cantine des écoles d\'Anor ; les repas se paient aussi en ligne.',
    explanation: `L'inscription se fait auprès du **service enfance**, à l'accueil de la mairie, avant la rentrée ou en cours d'année. Le tarif dépend du **quotient familial**.

Les prestations du service enfance (restauration scolaire, garderie, centre de loisirs) se paient en ligne par carte bancaire, ou à l'accueil.`,
    whereToGo: TOWN_HALL,
    costs: [cost('Selon le quotient familial (tarifs votés par le conseil municipal)')],
    processingTime: 'Inscription enregistrée sur place',
    libraryForm: {
      name: 'Fiche d\'inscription à la restauration scolaire (PDF à imprimer)',
      fileName: 'fiche-inscription-restauration-scolaire.pdf',
      documentTitle: 'Fiche d\'inscription à la restauration scolaire et à la garderie (modèle fictif de démonstration)',
      paragraphs: [
        'Service enfance - Mairie d\'Anor. Fiche à remplir, signer et déposer à l\'accueil de la mairie.',
        'Nom et prénom de l\'enfant : ..................................................',
        'Date de naissance : ....................   École et classe : ....................',
        'Responsable légal (nom, adresse) : ..................................................',
        'Téléphone : ....................   Courriel : ..................................',
        'Jours de restauration : lundi / mardi / jeudi / vendredi (entourer)',
        'Garderie : matin / soir (entourer)',
        'Allergie ou régime médical (joindre le PAI) : ..................................',
        'Date et signature du responsable légal :',
      ],
    },
    cases: cases('Inscription', [['premiere-inscription', 'Première inscription'], ['reinscription', 'Réinscription']]),
    documents: [
      doc('Fiche d\'inscription', { note: 'remplie et signée (disponible à l\'accueil)' }),
      doc('Justificatif de domicile', { note: 'de moins de 3 mois', caseKeys: ['premiere-inscription'] }),
      doc('Carnet de santé, pages des vaccinations', { form: DocumentForm.COPY, caseKeys: ['premiere-inscription'] }),
      doc('Attestation d\'assurance responsabilité civile', { note: 'pour l\'année scolaire' }),
      ifDoc('Attestation de quotient familial (CAF ou MSA)', 'pour bénéficier d\'un tarif selon vos revenus', { note: 'de moins de 3 mois' }),
      ifDoc('Projet d\'accueil individualisé (PAI)', 'si l\'enfant a une allergie ou un régime médical', { form: DocumentForm.COPY }),
    ],
  },
];

/**
 * Creates and publishes the demo sheets that do not exist yet (by slug), then links the related
 * sheets of those it created. Sheets already there are left as staff may have edited them.
 * Without `uploads`, sheets go without their forms of the media library.
 */
export async function seedDemoProcedures(ctx: RequestContext, procedures: ProceduresService, taxonomy: TaxonomyService,
  uploads?: MediaUploads): Promise<number> {
  const created = new Map<string, DemoProcedure>();
  const ids = new Map<string, string>();
  for (const demo of DEMO_PROCEDURES) {
    const existing = await procedures.findOne(ctx, { slug: demo.slug });
    if (existing) {
      ids.set(demo.slug, existing.id);
      continue;
    }
    const { themeSlug, relatedSlugs: _relatedSlugs, libraryForm, ...input } = demo;
    const theme = await taxonomy.findBySlug(Vocabulary.PROCEDURE_THEME, themeSlug);
    const onlineServices = [...(input.onlineServices ?? [])];
    if (libraryForm && uploads) {
      const bytes = await demoAct({ fileName: libraryForm.fileName, title: libraryForm.documentTitle, paragraphs: libraryForm.paragraphs });
      const form = await uploads.importFile(ctx, bytes, libraryForm.fileName);
      onlineServices.push({ name: libraryForm.name, kind: OnlineServiceKind.FORM, mediaId: form.media.id });
    }
    const draft = await procedures.create(ctx, { ...input, onlineServices, themeId: theme?.id ?? null });
    await procedures.publish(ctx, draft);
    ids.set(demo.slug, draft.id);
    created.set(demo.slug, demo);
  }
  for (const [slug, demo] of created) {
    const relatedIds = (demo.relatedSlugs ?? []).flatMap((related) => ids.get(related) ?? []);
    if (relatedIds.length === 0) continue;
    const sheet = await procedures.findOne(ctx, { slug });
    if (sheet) await procedures.update(ctx, sheet, { relatedProcedureIds: relatedIds });
  }
  return created.size;
}
