import { DateTime } from 'luxon';
import { RequestContext } from '../common/request-context';
import { DemoPictureLookup } from '../associations/associations.demo';
import { slugify } from '../content/slug';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { CreateEventInput } from './dto/event.input';
import { EventStatus } from './event-status';
import { EventsService } from './events.service';
import { EVENT_TIME_ZONE } from './recurrence';

type Day = DateTime;
const MON = 1, TUE = 2, WED = 3, THU = 4, FRI = 5, SAT = 6, SUN = 7;

const ANOR = { postalCode: '59186', city: 'Anor' };
const PLACES = {
  salleDesFetes: { placeName: 'Salle des fêtes', street: 'Rue Léo Lagrange', ...ANOR, latitude: 49.9893, longitude: 4.1002 },
  mairie: { placeName: 'Mairie d\'Anor', street: '5 rue Léo Lagrange', ...ANOR, latitude: 49.9890, longitude: 4.1010 },
  place: { placeName: 'Place du Général de Gaulle', street: 'Place du Général de Gaulle', ...ANOR, latitude: 49.9899, longitude: 4.0995 },
  stade: { placeName: 'Stade municipal', street: 'Rue de Trélon', ...ANOR, latitude: 49.9921, longitude: 4.1088 },
  complexe: { placeName: 'Complexe sportif', street: 'Rue Léo Lagrange', ...ANOR },
  salleDesAines: { placeName: 'Salle des aînés', street: 'Rue Léo Lagrange', ...ANOR },
  bibliotheque: { placeName: 'Bibliothèque municipale', street: 'Rue Léo Lagrange', ...ANOR },
  eglise: { placeName: 'Église Saint-Nicolas', street: 'Place du Général de Gaulle', ...ANOR },
  monument: { placeName: 'Monument aux morts', street: 'Place du Général de Gaulle', ...ANOR },
  jardins: { placeName: 'Jardins partagés du Milourd', street: 'Rue du Milourd', ...ANOR },
  etang: { placeName: 'Étang de la Galoperie', street: 'Route de la Galoperie', ...ANOR, latitude: 49.9745, longitude: 4.1410 },
};

const ACCESSIBLE = 'Salle de plain-pied, accessible en fauteuil roulant ; toilettes adaptées.';

/** The n-th (or, with n = -1, the last) given weekday of a month, as a local day. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Day {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: EVENT_TIME_ZONE });
  if (n > 0) return first.plus({ days: ((weekday - first.weekday + 7) % 7) + 7 * (n - 1) });
  const last = first.endOf('month').startOf('day');
  return last.minus({ days: (last.weekday - weekday + 7) % 7 });
}

/** The next such day after today (this year or next): "the first Sunday of May". */
const nextNth = (month: number, weekday: number, n: number) => (today: Day): Day => {
  const thisYear = nthWeekday(today.year, month, weekday, n);
  return thisYear > today ? thisYear : nthWeekday(today.year + 1, month, weekday, n);
};

/** The next given date after today: "21 June". */
const nextDate = (month: number, day: number) => (today: Day): Day => {
  const thisYear = DateTime.fromObject({ year: today.year, month, day }, { zone: EVENT_TIME_ZONE });
  return thisYear > today ? thisYear : thisYear.plus({ years: 1 });
};

/** The n-th weekday of the month `monthsLater` months from now. */
const inMonths = (monthsLater: number, weekday: number, n: number) => (today: Day): Day => {
  const month = today.plus({ months: monthsLater });
  return nthWeekday(month.year, month.month, weekday, n);
};

/** The first given weekday after today. */
const nextWeekday = (weekday: number) => (today: Day): Day => today.plus({ days: ((weekday - today.weekday + 7) % 7) || 7 });

const inDays = (days: number) => (today: Day): Day => today.plus({ days });

const untilDate = (day: Day): string => day.toFormat('yyyyMMdd');

interface DemoEvent extends Omit<CreateEventInput, 'categoryIds' | 'startsAt' | 'endsAt' | 'startDate' | 'endDate' | 'recurrenceRule' | 'exceptionDates' | 'postponedTo'> {
  /** First day, computed from the seed day so the agenda is always ahead. */
  day: (today: Day) => Day;
  /** Local start and end times ('HH:mm'); all-day when left out. */
  time?: [string, string];
  /** Number of days of an all-day event. */
  days?: number;
  rule?: (first: Day, today: Day) => string;
  /** Skip the occurrences falling on these month-day pairs (e.g. Christmas). */
  skipHolidays?: boolean;
  /** Postponed events: the new start, in days after the original one. */
  postponedByDays?: number;
  categories: string[];
  /** An association of the directory by name (found by slug), otherwise free text. */
  organizer?: string;
  /** File name of its picture among the media demo's pictures. */
  image?: string;
}

const MAIRIE = 'Mairie d\'Anor';
const HOLIDAYS = ['12-25', '01-01', '05-01'];

/** About forty events of the demo commune over the coming months, dated from the seed day. */
export const DEMO_EVENTS: DemoEvent[] = [
  // ---- recurring ---------------------------------------------------------------------------
  {
    title: 'Marché hebdomadaire', slug: 'marche-hebdomadaire', day: nextWeekday(FRI), time: ['08:00', '12:30'],
    rule: () => 'FREQ=WEEKLY;BYDAY=FR;COUNT=26', skipHolidays: true, categories: ['loisirs'], organizer: MAIRIE, ...PLACES.place,
    summary: 'Fruits et légumes, fromages, boucherie, fleurs : le marché du vendredi matin sur la place.', isFree: true,
    body: 'Une quinzaine de commerçants non sédentaires chaque vendredi matin. Pas de marché les jours fériés.',
  },
  {
    title: 'Club des aînés', slug: 'club-des-aines', day: nextWeekday(TUE), time: ['14:00', '17:00'],
    rule: (_first, today) => `FREQ=WEEKLY;BYDAY=TU;UNTIL=${untilDate(nextDate(6, 30)(today))}`,
    categories: ['social', 'loisirs'], organizer: 'Club des Aînés « Les Joyeux Anoriens »', ...PLACES.salleDesAines,
    summary: 'Jeux de cartes, scrabble, goûter et bonne humeur chaque mardi après-midi.', isFree: true, accessibilityNotes: ACCESSIBLE,
  },
  {
    title: 'Permanence du conseiller numérique', slug: 'permanence-conseiller-numerique', day: inMonths(1, SAT, 1), time: ['09:00', '12:00'],
    rule: () => 'FREQ=MONTHLY;BYDAY=1SA;COUNT=6', categories: ['social', 'education'], organizer: MAIRIE, ...PLACES.mairie,
    summary: 'Aide gratuite pour vos démarches en ligne, votre messagerie, votre smartphone, à l\'Espace Services Publics.', isFree: true,
    accessibilityNotes: 'Accueil de plain-pied ; la borne publique est utilisable en fauteuil roulant.',
  },
  {
    title: 'Don du sang', slug: 'don-du-sang', day: inMonths(1, WED, 2), time: ['15:00', '19:00'],
    rule: () => 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2WE;COUNT=4', categories: ['sante', 'solidarite'], organizer: 'Donneurs de sang bénévoles d\'Anor',
    ...PLACES.salleDesFetes, summary: 'Collecte de l\'Établissement français du sang ; collation offerte aux donneurs.', isFree: true,
    registrationUrl: 'https://mon-rdv-dondesang.efs.sante.fr', accessibilityNotes: ACCESSIBLE,
  },
  {
    title: 'Atelier couture et tricot', slug: 'atelier-couture-tricot', day: nextWeekday(THU), time: ['14:00', '17:00'],
    rule: () => 'FREQ=WEEKLY;BYDAY=TH;COUNT=20', skipHolidays: true, categories: ['loisirs', 'social'], organizer: 'Atelier couture et tricot',
    ...PLACES.salleDesAines, summary: 'Couture, tricot et crochet ; débutantes bienvenues.', isFree: true,
  },
  {
    title: 'Randonnée du dimanche', slug: 'randonnee-du-dimanche', day: nextWeekday(SUN), time: ['08:30', '12:00'],
    rule: () => 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;COUNT=12', categories: ['sport', 'environnement'], organizer: 'Les Randonneurs de la Fagne',
    ...PLACES.mairie, summary: 'Boucle de 10 à 15 km en forêt domaniale ; départ en covoiturage du parking de la mairie.', isFree: true,
  },
  {
    title: 'Conseil municipal', slug: 'conseil-municipal', day: inMonths(1, THU, -1), time: ['19:00', '21:00'],
    rule: () => 'FREQ=MONTHLY;BYDAY=-1TH;COUNT=6', categories: [], organizer: MAIRIE, ...PLACES.mairie,
    summary: 'Séance publique du conseil municipal, salle du conseil. L\'ordre du jour est affiché en mairie.', isFree: true,
  },
  {
    title: 'Après-midi scrabble', slug: 'apres-midi-scrabble', day: nextWeekday(MON), time: ['14:00', '17:30'],
    rule: () => 'FREQ=WEEKLY;BYDAY=MO;COUNT=15', categories: ['loisirs', 'culture'], organizer: 'Club de scrabble Le Mot Juste',
    ...PLACES.salleDesAines, summary: 'Parties en duplicate ; initiation possible.', isFree: true,
  },
  {
    title: 'L\'heure du conte', slug: 'heure-du-conte', day: inMonths(1, WED, 1), time: ['15:00', '16:00'],
    rule: () => 'FREQ=MONTHLY;BYDAY=1WE;COUNT=6', categories: ['culture', 'jeunesse'], organizer: 'Bibliothèque pour tous',
    ...PLACES.bibliotheque, summary: 'Histoires lues aux enfants de 3 à 8 ans, suivies d\'un goûter.', isFree: true,
  },
  {
    title: 'Matchs à domicile du FC Anorien', slug: 'matchs-fc-anorien', day: nextWeekday(SUN), time: ['15:00', '17:00'],
    rule: () => 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;COUNT=8', categories: ['sport'], organizer: 'Football Club Anorien', ...PLACES.stade,
    summary: 'Championnat de district : venez encourager l\'équipe première.', isFree: true,
  },
  {
    title: 'Atelier des jardins partagés', slug: 'atelier-jardins-partages', day: nextNth(3, SAT, 2), time: ['10:00', '12:00'],
    rule: () => 'FREQ=MONTHLY;BYDAY=2SA;COUNT=5', categories: ['environnement', 'loisirs'], organizer: 'Les Jardins partagés du Milourd',
    ...PLACES.jardins, summary: 'Semis, compost, taille : un atelier pratique chaque mois de la saison.', isFree: true,
  },

  // ---- all-day -----------------------------------------------------------------------------
  {
    title: 'Marché de Noël', slug: 'marche-de-noel', day: nextNth(12, SAT, 2), days: 2, categories: ['loisirs', 'culture'],
    organizer: 'Comité des fêtes d\'Anor', ...PLACES.salleDesFetes, isFree: true, accessibilityNotes: ACCESSIBLE,
    summary: 'Artisans, producteurs, chorale et visite du Père Noël, samedi et dimanche.',
  },
  {
    title: 'Brocante de printemps', slug: 'brocante-de-printemps', day: nextNth(5, SUN, 1), categories: ['loisirs'],
    image: 'brocante-place-du-general-de-gaulle.jpg',
    organizer: 'Comité des fêtes d\'Anor', ...PLACES.place, isFree: true,
    summary: 'Plus de 200 exposants dans les rues du centre. Entrée libre.',
    body: 'Emplacements pour les exposants : **2 € le mètre**, inscriptions en mairie jusqu\'à la veille.',
  },
  {
    title: 'Ducasse d\'Anor', slug: 'ducasse-d-anor', day: nextNth(6, SAT, 3), days: 3, categories: ['loisirs'],
    organizer: 'Comité des fêtes d\'Anor', ...PLACES.place, isFree: true,
    summary: 'Manèges, confiseries et tir à la carabine sur la place pendant trois jours.',
  },
  {
    title: 'Fête communale', slug: 'fete-communale', day: nextNth(9, SAT, 1), days: 2, categories: ['loisirs', 'culture'],
    organizer: MAIRIE, ...PLACES.place, isFree: true,
    summary: 'Défilé, concerts, repas champêtre et animations pour les enfants.',
  },
  {
    title: 'Journées européennes du patrimoine', slug: 'journees-du-patrimoine', day: nextNth(9, SAT, 3), days: 2, categories: ['culture'],
    organizer: 'Les Amis du Vieil Anor', ...PLACES.eglise, isFree: true,
    summary: 'Visites commentées de l\'église, des anciennes verreries et du vieux bourg.',
  },
  {
    title: 'Bourse aux vêtements et aux jouets', slug: 'bourse-aux-vetements-et-jouets', day: nextNth(3, SUN, 2), categories: ['jeunesse', 'solidarite'],
    organizer: 'Association des parents d\'élèves des écoles d\'Anor', ...PLACES.salleDesFetes, isFree: true, accessibilityNotes: ACCESSIBLE,
    summary: 'Vêtements d\'enfants, jouets et puériculture à petits prix.',
  },
  {
    title: 'Exposition « Anor d\'hier et d\'aujourd\'hui »', slug: 'exposition-photo', day: nextNth(4, SAT, 2), days: 9, categories: ['culture'],
    organizer: 'Photo Club Anorien', ...PLACES.salleDesFetes, isFree: true, accessibilityNotes: ACCESSIBLE,
    summary: 'Cartes postales anciennes et photographies d\'aujourd\'hui, prises du même endroit.',
  },
  {
    title: 'Collecte nationale des Restos du Cœur', slug: 'collecte-restos-du-coeur', day: nextNth(3, FRI, 1), days: 3, categories: ['solidarite'],
    organizer: 'Restos du Cœur — antenne d\'Anor', placeName: 'Supérette du centre', ...ANOR,
    summary: 'Déposez des denrées non périssables et des produits d\'hygiène à l\'entrée du magasin.',
  },

  // ---- one-off -----------------------------------------------------------------------------
  {
    title: 'Téléthon', slug: 'telethon', day: nextNth(12, SAT, 1), time: ['10:00', '22:00'], categories: ['solidarite', 'sport'],
    organizer: 'Comité des fêtes d\'Anor', ...PLACES.salleDesFetes, priceText: 'Participation libre au profit de l\'AFM-Téléthon',
    summary: 'Marche, défis sportifs, vente de crêpes et soirée dansante.',
  },
  {
    title: 'Concert de la Sainte-Cécile', slug: 'concert-sainte-cecile', day: inDays(12), time: ['16:00', '18:00'], categories: ['culture'],
    organizer: 'L\'Harmonie d\'Anor', ...PLACES.eglise, isFree: true, eventStatus: EventStatus.POSTPONED, postponedByDays: 21,
    summary: 'Le concert annuel de l\'Harmonie est reporté de trois semaines : le chef est souffrant.',
  },
  {
    title: 'Arbre de Noël des écoles', slug: 'arbre-de-noel-des-ecoles', day: nextNth(12, FRI, 3), time: ['18:00', '20:00'], categories: ['jeunesse'],
    organizer: 'Association des parents d\'élèves des écoles d\'Anor', ...PLACES.salleDesFetes, isFree: true,
    summary: 'Spectacle des enfants, distribution de friandises et vin chaud pour les parents.',
  },
  {
    title: 'Vœux du maire', slug: 'voeux-du-maire', day: nextNth(1, FRI, 2), time: ['19:00', '21:00'], categories: [],
    organizer: MAIRIE, ...PLACES.salleDesFetes, isFree: true, accessibilityNotes: ACCESSIBLE,
    summary: 'Cérémonie des vœux à la population, suivie du verre de l\'amitié.',
  },
  {
    title: 'Galette des rois des aînés', slug: 'galette-des-rois-des-aines', day: nextNth(1, WED, 3), time: ['14:30', '17:30'], categories: ['social'],
    organizer: 'Club des Aînés « Les Joyeux Anoriens »', ...PLACES.salleDesAines, isFree: true,
    summary: 'Galette, cidre et loto pour les membres du club et leurs invités.',
  },
  {
    title: 'Loto du FC Anorien', slug: 'loto-fc-anorien', day: nextNth(2, SAT, 1), time: ['19:00', '23:30'], categories: ['loisirs', 'sport'],
    organizer: 'Football Club Anorien', ...PLACES.salleDesFetes, priceText: 'Carton 3 €, 8 € les trois ; buvette et petite restauration',
    summary: 'Bons d\'achat, paniers garnis et un téléviseur à gagner. Ouverture des portes à 17 h 30.',
  },
  {
    title: 'Thé dansant', slug: 'the-dansant', day: nextNth(2, SUN, 2), time: ['15:00', '19:00'], categories: ['loisirs', 'culture'],
    organizer: 'Danse Passion Anor', ...PLACES.salleDesFetes, priceText: '8 €, une boisson comprise',
    eventStatus: EventStatus.CANCELLED, cancellationReason: 'Salle des fêtes indisponible : travaux de chauffage.',
    summary: 'Après-midi dansant avec l\'orchestre « Les Copains d\'abord ».',
  },
  {
    title: 'Carnaval des enfants', slug: 'carnaval-des-enfants', day: nextNth(3, SAT, 1), time: ['14:00', '17:00'], categories: ['jeunesse'],
    organizer: 'Association des parents d\'élèves des écoles d\'Anor', ...PLACES.place, isFree: true,
    summary: 'Défilé costumé dans les rues, bataille de confettis et goûter.',
  },
  {
    title: 'Théâtre : « Un fil à la patte »', slug: 'theatre-un-fil-a-la-patte', day: nextNth(3, SAT, 3), time: ['20:30', '22:45'],
    categories: ['culture'], organizer: 'Théâtre de la Verrerie', ...PLACES.salleDesFetes,
    priceText: '8 €, 4 € pour les moins de 12 ans', registrationUrl: 'https://www.helloasso.com', accessibilityNotes: ACCESSIBLE,
    summary: 'La troupe de la Verrerie joue Feydeau.',
  },
  {
    title: 'Hauts-de-France propres', slug: 'hauts-de-france-propres', day: nextNth(3, SAT, 3), time: ['09:00', '12:00'],
    categories: ['environnement'], organizer: 'Anor Nature et Bocage', ...PLACES.mairie, isFree: true,
    summary: 'Ramassage des déchets le long des chemins ; gants et sacs fournis.',
  },
  {
    title: 'Parcours du cœur', slug: 'parcours-du-coeur', day: nextNth(4, SUN, 1), time: ['09:00', '12:00'], categories: ['sante', 'sport'],
    organizer: 'Anor Gym Volontaire', ...PLACES.complexe, isFree: true,
    summary: 'Marche et course de 3, 6 ou 10 km pour la santé du cœur.',
  },
  {
    title: 'Chasse aux œufs', slug: 'chasse-aux-oeufs', day: nextNth(4, SAT, 1), time: ['10:00', '12:00'], categories: ['jeunesse'],
    organizer: 'Comité des fêtes d\'Anor', placeName: 'Parc de la mairie', ...ANOR, isFree: true,
    summary: 'Pour les enfants jusqu\'à 10 ans ; apportez un panier !',
  },
  {
    title: 'Commémoration de la victoire du 8 mai 1945', slug: 'commemoration-8-mai', day: nextDate(5, 8), time: ['11:00', '12:00'],
    categories: ['patriotique'], organizer: 'Union nationale des combattants — section d\'Anor', ...PLACES.monument, isFree: true,
    summary: 'Dépôt de gerbes au monument aux morts, suivi d\'un vin d\'honneur en mairie.',
  },
  {
    title: 'Concours de pétanque', slug: 'concours-de-petanque', day: nextNth(5, SUN, 2), time: ['14:00', '19:00'], categories: ['sport', 'loisirs'],
    organizer: 'La Boule Anorienne', ...PLACES.place, priceText: 'Inscription 5 € par doublette',
    summary: 'Concours en doublettes ouvert à tous ; jet du but à 14 h 30.',
  },
  {
    title: 'Fête des voisins', slug: 'fete-des-voisins', day: nextNth(5, FRI, -1), time: ['19:00', '23:00'], categories: ['loisirs', 'social'],
    organizerName: 'Les habitants des quartiers', placeName: 'Dans votre rue', ...ANOR, isFree: true,
    summary: 'Un repas partagé entre voisins ; la mairie prête tables et bancs sur réservation.',
  },
  {
    title: 'Fête de la musique', slug: 'fete-de-la-musique', day: nextDate(6, 21), time: ['18:00', '23:30'], categories: ['culture'],
    organizer: 'Écho des Fagnes', ...PLACES.place, isFree: true,
    summary: 'Scène ouverte sur la place : groupes locaux, chorale et harmonie.',
  },
  {
    title: 'Gala de danse', slug: 'gala-de-danse', day: nextNth(6, SAT, 4), time: ['20:00', '22:30'], categories: ['culture'],
    organizer: 'Danse Passion Anor', ...PLACES.salleDesFetes, priceText: '10 €', eventStatus: EventStatus.SOLD_OUT, accessibilityNotes: ACCESSIBLE,
    summary: 'Le spectacle de fin d\'année des élèves de l\'école de danse. Complet.',
  },
  {
    title: 'Feu d\'artifice de la fête nationale', slug: 'feu-d-artifice', day: nextDate(7, 13), time: ['22:30', '23:30'], categories: ['loisirs'],
    organizer: MAIRIE, ...PLACES.etang, isFree: true,
    summary: 'Retraite aux flambeaux à 21 h 45 depuis la mairie, puis feu d\'artifice au bord de l\'étang.',
  },
  {
    title: 'Repas des aînés', slug: 'repas-des-aines', day: inDays(19), time: ['12:00', '17:00'], categories: ['social'],
    organizer: MAIRIE, ...PLACES.salleDesFetes, isFree: true, eventStatus: EventStatus.SOLD_OUT, accessibilityNotes: ACCESSIBLE,
    summary: 'Le repas offert par la commune aux habitants de plus de 65 ans. Toutes les places sont réservées.',
  },
  {
    title: 'Tournoi de judo', slug: 'tournoi-de-judo', day: nextNth(1, SUN, 4), time: ['09:00', '17:00'], categories: ['sport', 'jeunesse'],
    organizer: 'Judo Club d\'Anor', ...PLACES.complexe, isFree: true,
    summary: 'Tournoi interclubs des poussins aux minimes.',
  },
  {
    title: 'Réunion publique sur le plan local d\'urbanisme', slug: 'reunion-publique-plu', day: inDays(10), time: ['18:30', '20:30'],
    categories: ['environnement'], organizer: MAIRIE, ...PLACES.salleDesFetes, isFree: true, accessibilityNotes: ACCESSIBLE,
    summary: 'Présentation du projet de révision du PLU et échanges avec les habitants.',
  },
  {
    title: 'Ouverture de la pêche à l\'étang', slug: 'ouverture-de-la-peche', day: nextNth(3, SAT, 2), time: ['07:00', '18:00'],
    categories: ['loisirs', 'environnement'], organizer: 'Les Pêcheurs de la Galoperie', ...PLACES.etang, priceText: 'Carte à la journée 6 €',
    summary: 'Lâcher de truites la veille ; cartes en vente sur place.',
  },
];

function localInstant(day: Day, time: string): Date {
  return DateTime.fromISO(`${day.toFormat('yyyy-MM-dd')}T${time}`, { zone: EVENT_TIME_ZONE }).toJSDate();
}

/** The create input of a demo event, dated from `today`. */
export function demoEventInput(demo: DemoEvent, today: Day, categoryIds: Map<string, string>, organizerId: string | null): CreateEventInput {
  const { day, time, days, rule, skipHolidays, postponedByDays, categories, organizer, image: _image, ...fields } = demo;
  const first = day(today);
  const recurrenceRule = rule?.(first, today) ?? null;
  const input: CreateEventInput = {
    ...fields,
    categoryIds: categories.flatMap((slug) => categoryIds.get(slug) ?? []),
    recurrenceRule,
    ...(organizer ? (organizerId ? { organizerAssociationId: organizerId } : { organizerName: organizer }) : {}),
  };
  if (time) {
    input.startsAt = localInstant(first, time[0]);
    input.endsAt = localInstant(first, time[1]);
    if (postponedByDays) input.postponedTo = localInstant(first.plus({ days: postponedByDays }), time[0]);
  } else {
    input.allDay = true;
    input.startDate = first.toFormat('yyyy-MM-dd');
    input.endDate = first.plus({ days: (days ?? 1) - 1 }).toFormat('yyyy-MM-dd');
  }
  if (skipHolidays && recurrenceRule && time) {
    // Weekly series here: every 7 days from the first, as far as COUNT goes. A public holiday is one
    // occurrence cancelled, with its reason, so that the lists tell visitors rather than skip the date.
    const count = Number(/COUNT=(\d+)/.exec(recurrenceRule)?.[1] ?? 0);
    input.occurrenceOverrides = Array.from({ length: count }, (_, week) => first.plus({ weeks: week }))
      .filter((date) => HOLIDAYS.includes(date.toFormat('MM-dd')))
      .map((date) => ({ originalStartsAt: localInstant(date, time[0]), status: EventStatus.CANCELLED, reason: 'Jour férié' }));
  }
  return input;
}

/**
 * Creates and publishes the demo events that do not exist yet (by slug) through the service, so
 * every rule and the journal apply. Organisers are the demo associations when they exist (found by
 * slug), their names in free text otherwise. Returns how many were created.
 */
export async function seedDemoEvents(ctx: RequestContext, events: EventsService, taxonomy: TaxonomyService,
  today: Day = DateTime.now().setZone(EVENT_TIME_ZONE).startOf('day'), pictureId: DemoPictureLookup = () => Promise.resolve(null)): Promise<number> {
  const categoryIds = new Map((await taxonomy.list(Vocabulary.CATEGORY)).map((term) => [term.slug, term.id]));
  let created = 0;
  for (const demo of DEMO_EVENTS) {
    const slug = demo.slug ?? slugify(demo.title);
    if (await events.findOne(ctx, { slug })) continue;
    const organizer = demo.organizer ? await events.findOrganizerBySlug(ctx, slugify(demo.organizer)) : null;
    const imageMediaId = demo.image ? await pictureId(demo.image) : null;
    const draft = await events.create(ctx, { ...demoEventInput(demo, today, categoryIds, organizer?.id ?? null), slug, imageMediaId });
    await events.publish(ctx, draft);
    created++;
  }
  return created;
}
