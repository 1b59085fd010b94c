import { RequestContext } from '../common/request-context';
import { slugify } from '../content/slug';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { AssociationsService } from './associations.service';
import { CreateAssociationInput } from './dto/association.input';

/** A demo association: the create input, with categories named by slug instead of id. */
export interface DemoAssociation extends Omit<CreateAssociationInput, 'categoryIds'> {
  categories: string[];
  /** File name of its logo among the media demo's pictures. */
  logo?: string;
}

/** Finds a picture of the media library by file name (the media demo's); null when absent. */
export type DemoPictureLookup = (fileName: string) => Promise<string | null>;

const ANOR = { postalCode: '59186', city: 'Anor' };

/**
 * The directory of the demo commune of Anor (Nord): fictional associations, people and numbers,
 * in places that exist in a town of this kind. Identifiers, where given, have valid check digits.
 */
export const DEMO_ASSOCIATIONS: DemoAssociation[] = [
  // ---- sport -------------------------------------------------------------------------------
  {
    name: 'Football Club Anorien', categories: ['sport', 'jeunesse'],
    summary: 'Le club de football de la commune : école de foot dès 5 ans, équipes seniors et vétérans.',
    body: '## Les équipes\n\n- École de foot (U7 à U13)\n- Seniors (district Escaut)\n- Vétérans\n\nLes inscriptions se font au stade en septembre, avec un certificat médical.',
    contactName: 'Didier Lemaire', contactRole: 'Président', email: 'fc.anorien@example.fr', phone: '03 27 59 62 14',
    street: 'Stade municipal, rue de Trélon', ...ANOR, latitude: 49.9921, longitude: 4.1088,
    meetingPlace: 'Stade municipal', schedule: 'Entraînements mercredi 14 h – 17 h (jeunes), mardi et jeudi 19 h (seniors)',
    rnaNumber: 'W595000412', siren: '442815734', siret: '44281573400011',
  },
  {
    name: 'Judo Club d\'Anor', categories: ['sport'],
    summary: 'Judo et ju-jitsu pour enfants et adultes, en loisir ou en compétition.',
    contactName: 'Sandrine Carlier', contactRole: 'Présidente', email: 'judo.anor@example.fr', phone: '03 27 59 63 40',
    street: 'Complexe sportif, rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Dojo du complexe sportif', schedule: 'Lundi et vendredi 18 h – 20 h',
    rnaNumber: 'W595000977',
  },
  {
    name: 'La Boule Anorienne', categories: ['sport', 'loisirs'],
    summary: 'Pétanque en doublette et triplette ; concours ouverts à tous les beaux dimanches.',
    contactName: 'Roger Dufour', contactRole: 'Président', phone: '03 27 60 11 25',
    street: 'Place du Général de Gaulle', ...ANOR,
    meetingPlace: 'Boulodrome, place du Général de Gaulle', schedule: 'Tous les après-midis d\'avril à octobre',
  },
  {
    name: 'Les Randonneurs de la Fagne', categories: ['sport', 'environnement'],
    summary: 'Randonnées pédestres dans la forêt domaniale et les Fagnes, de 8 à 20 km.',
    contactName: 'Martine Gobert', contactRole: 'Secrétaire', email: 'rando.fagne@example.fr', phone: '03 27 59 64 02',
    street: 'Rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Parking de la mairie', schedule: 'Dimanche 8 h 30, départ en covoiturage',
  },
  {
    name: 'Tennis de Table Anorien', categories: ['sport'],
    summary: 'Ping-pong loisir et championnat départemental.',
    contactName: 'Kévin Moreau', contactRole: 'Président', email: 'tt.anor@example.fr', phone: '06 42 18 77 30',
    street: 'Complexe sportif, rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle de sports', schedule: 'Mardi 18 h – 21 h, samedi 14 h – 17 h',
  },
  {
    name: 'Anor Gym Volontaire', categories: ['sport', 'sante'],
    summary: 'Gymnastique douce, renforcement musculaire et marche nordique pour tous les âges.',
    contactName: 'Nathalie Bréhon', contactRole: 'Présidente', phone: '03 27 59 65 81',
    street: 'Rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle des fêtes', schedule: 'Lundi et jeudi 9 h 30 – 10 h 30',
  },
  {
    name: 'Les Pêcheurs de la Galoperie', categories: ['loisirs', 'environnement'],
    summary: 'Association agréée de pêche : gestion de l\'étang, alevinage et journées d\'initiation.',
    contactName: 'Patrick Lefèvre', contactRole: 'Trésorier', email: 'aappma.galoperie@example.fr', phone: '03 27 60 14 09',
    street: 'Étang de la Galoperie', ...ANOR, latitude: 49.9683, longitude: 4.1312,
    meetingPlace: 'Chalet de l\'étang', schedule: 'Permanence le samedi matin', rnaNumber: 'W595001336',
  },
  {
    name: 'Cyclo Club des Trois Frontières', categories: ['sport'],
    summary: 'Cyclotourisme sur route et VTT entre Thiérache, Avesnois et Belgique.',
    contactName: 'Alain Wattiez', contactRole: 'Président', phone: '03 27 59 66 23', website: 'https://cyclo-trois-frontieres.example.fr',
    street: 'Place du Général de Gaulle', ...ANOR,
    meetingPlace: 'Devant l\'église', schedule: 'Dimanche 8 h (route), samedi 14 h (VTT)',
  },
  // ---- culture -----------------------------------------------------------------------------
  {
    name: 'L\'Harmonie d\'Anor', categories: ['culture'], logo: 'logo-harmonie-municipale.png',
    summary: 'L\'harmonie municipale : concerts, cérémonies et école de musique.',
    body: '## Nous rejoindre\n\nMusiciens de tous niveaux bienvenus. L\'école de musique accueille les enfants dès 7 ans (formation musicale et instrument).',
    contactName: 'Bernard Godin', contactRole: 'Chef de musique', email: 'harmonie.anor@example.fr', phone: '03 27 59 61 70',
    street: '5 rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle de musique, rue Léo Lagrange', schedule: 'Répétition le vendredi 20 h – 22 h',
    rnaNumber: 'W595000128', siren: '520349614', siret: '52034961400013',
  },
  {
    name: 'Théâtre de la Verrerie', categories: ['culture', 'loisirs'],
    summary: 'Troupe de théâtre amateur : une création chaque printemps à la salle des fêtes.',
    contactName: 'Élodie Marchal', contactRole: 'Metteuse en scène', email: 'theatre.verrerie@example.fr', phone: '06 71 23 45 90',
    street: 'Rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle des fêtes', schedule: 'Mercredi 20 h – 22 h 30',
  },
  {
    name: 'Photo Club Anorien', categories: ['culture', 'loisirs'],
    summary: 'Sorties photo, atelier de retouche et exposition annuelle.',
    contactName: 'Thierry Lambert', contactRole: 'Président', email: 'photoclub.anor@example.fr', phone: '03 27 60 18 44',
    street: 'Rue Jean Jaurès', ...ANOR,
    meetingPlace: 'Maison des associations', schedule: 'Un jeudi sur deux, 20 h',
  },
  {
    name: 'Les Amis du Vieil Anor', categories: ['culture'],
    summary: 'Histoire locale, patrimoine verrier et mémoire des hameaux ; publications et visites.',
    contactName: 'Jacqueline Hennebert', contactRole: 'Présidente', phone: '03 27 59 67 12',
    street: 'Rue Jean Jaurès', ...ANOR,
    meetingPlace: 'Maison des associations', schedule: 'Premier samedi du mois, 14 h 30',
    rnaNumber: 'W595000585',
  },
  {
    name: 'Écho des Fagnes', categories: ['culture'],
    summary: 'Chorale à quatre voix : variété française et chants traditionnels.',
    contactName: 'Isabelle Devos', contactRole: 'Cheffe de chœur', email: 'echo.fagnes@example.fr', phone: '03 27 59 68 35',
    street: 'Place du Général de Gaulle', ...ANOR,
    meetingPlace: 'Salle paroissiale', schedule: 'Mardi 19 h 30 – 21 h 30',
  },
  {
    name: 'Danse Passion Anor', categories: ['culture', 'loisirs'],
    summary: 'Danse de salon, country et zumba.',
    contactName: 'Laetitia Roger', contactRole: 'Présidente', phone: '06 18 90 42 67',
    street: 'Rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle des fêtes', schedule: 'Jeudi 19 h – 21 h',
  },
  {
    name: 'Bibliothèque pour tous', categories: ['culture', 'education'],
    summary: 'Bibliothèque associative tenue par des bénévoles ; lectures pour les écoles.',
    contactName: 'Françoise Delattre', contactRole: 'Responsable', email: 'bibliotheque.anor@example.fr', phone: '03 27 59 69 04',
    street: 'Rue Jean Jaurès', ...ANOR,
    meetingPlace: 'Bibliothèque, rue Jean Jaurès', schedule: 'Mercredi 14 h – 17 h, samedi 10 h – 12 h',
  },
  // ---- social and solidarity ---------------------------------------------------------------
  {
    name: 'Club des Aînés « Les Joyeux Anoriens »', categories: ['social', 'loisirs'],
    summary: 'Jeux de cartes, goûters, sorties et repas dansants pour les retraités.',
    contactName: 'Gisèle Poulain', contactRole: 'Présidente', phone: '03 27 60 12 58',
    street: 'Rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle des aînés', schedule: 'Mardi et vendredi 14 h – 18 h',
  },
  {
    name: 'Restos du Cœur — antenne d\'Anor', categories: ['solidarite', 'social'],
    summary: 'Distribution alimentaire et accompagnement pendant la campagne d\'hiver et d\'été.',
    contactName: 'Jean-Marc Leclercq', contactRole: 'Responsable de l\'antenne', phone: '03 27 59 70 26',
    website: 'https://www.restosducoeur.org',
    street: 'Rue de Trélon', ...ANOR,
    meetingPlace: 'Local de la rue de Trélon', schedule: 'Distribution le jeudi 9 h – 11 h 30 (inscription sur place)',
  },
  {
    name: 'Secours Populaire — comité d\'Anor', categories: ['solidarite'],
    summary: 'Vestiaire solidaire, aide aux vacances et accompagnement des familles.',
    contactName: 'Sylvie Fontaine', contactRole: 'Secrétaire', phone: '03 27 60 15 73',
    street: 'Rue Jean Jaurès', ...ANOR,
    meetingPlace: 'Maison des associations', schedule: 'Permanence le lundi 14 h – 16 h',
  },
  {
    name: 'Donneurs de sang bénévoles d\'Anor', categories: ['sante', 'solidarite'],
    summary: 'Promotion du don du sang et accueil des collectes de l\'EFS à la salle des fêtes.',
    contactName: 'Michel Caron', contactRole: 'Président', phone: '03 27 59 71 48',
    street: 'Rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle des fêtes (jours de collecte)', schedule: 'Quatre collectes par an',
  },
  // ---- youth and education -----------------------------------------------------------------
  {
    name: 'Association des parents d\'élèves des écoles d\'Anor', categories: ['jeunesse', 'education'],
    summary: 'Fête de l\'école, bourse aux jouets et soutien aux sorties scolaires.',
    contactName: 'Aurélie Petit', contactRole: 'Présidente', email: 'ape.anor@example.fr', phone: '06 33 52 18 09',
    street: 'Rue Jean Jaurès', ...ANOR,
    meetingPlace: 'École primaire', schedule: 'Réunion mensuelle, le premier lundi 18 h 30',
  },
  {
    name: 'Centre de loisirs Les Petits Castors', categories: ['jeunesse'],
    summary: 'Accueil de loisirs des mercredis et des vacances pour les 3 – 12 ans.',
    contactName: 'Julien Masson', contactRole: 'Directeur', email: 'petits.castors@example.fr', phone: '03 27 59 72 91',
    street: 'Complexe sportif, rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Accueil de loisirs', schedule: 'Mercredi et vacances scolaires 8 h – 18 h',
    siren: '812704153', siret: '81270415300012',
  },
  {
    name: 'Jeunes Sapeurs-Pompiers d\'Anor', categories: ['jeunesse', 'education'],
    summary: 'Formation aux gestes qui sauvent et au métier de sapeur-pompier, de 11 à 18 ans.',
    contactName: 'Sergent Olivier Brasseur', contactRole: 'Animateur', phone: '03 27 60 16 30',
    street: 'Centre d\'incendie et de secours', ...ANOR,
    meetingPlace: 'Caserne', schedule: 'Samedi 9 h – 12 h',
  },
  {
    name: 'Scouts et Guides — groupe de la Fagne', categories: ['jeunesse', 'environnement'],
    summary: 'Scoutisme pour les 8 – 17 ans : camps, vie en équipe et nature.',
    contactName: 'Camille Dumont', contactRole: 'Responsable de groupe', email: 'scouts.fagne@example.fr', phone: '06 84 27 13 56',
    street: 'Place du Général de Gaulle', ...ANOR,
    meetingPlace: 'Local paroissial', schedule: 'Un week-end sur deux',
  },
  // ---- environment -------------------------------------------------------------------------
  {
    name: 'Anor Nature et Bocage', categories: ['environnement'],
    summary: 'Plantation de haies, inventaires de la faune et chantiers nature dans le bocage.',
    contactName: 'Hélène Vasseur', contactRole: 'Présidente', email: 'nature.bocage@example.fr', phone: '03 27 59 73 17',
    street: 'Rue de Trélon', ...ANOR, latitude: 49.9871, longitude: 4.0955,
    meetingPlace: 'Maison des associations', schedule: 'Chantiers le samedi matin, d\'octobre à mars',
    rnaNumber: 'W595002041', siren: '398752063', siret: '39875206300014',
  },
  {
    name: 'Les Jardins partagés du Milourd', categories: ['environnement', 'loisirs'],
    summary: 'Potager collectif, compost partagé et troc de graines.',
    contactName: 'Paul Delmotte', contactRole: 'Coordinateur', phone: '06 27 45 81 32',
    street: 'Rue du Milourd', ...ANOR,
    meetingPlace: 'Jardins du Milourd', schedule: 'Samedi 10 h – 12 h',
  },
  // ---- remembrance -------------------------------------------------------------------------
  {
    name: 'Union nationale des combattants — section d\'Anor', categories: ['patriotique'],
    summary: 'Anciens combattants et soldats de France : devoir de mémoire, cérémonies du 8 mai et du 11 novembre.',
    contactName: 'Marcel Vanderhaegen', contactRole: 'Président de section', phone: '03 27 59 74 60',
    street: '5 rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Mairie, salle du conseil', schedule: 'Assemblée générale en janvier',
    rnaNumber: 'W595000036',
  },
  {
    name: 'Le Souvenir Français — comité d\'Anor', categories: ['patriotique'],
    summary: 'Entretien des tombes et monuments des morts pour la France ; transmission aux jeunes.',
    contactName: 'Gérard Lenglet', contactRole: 'Délégué', phone: '03 27 60 17 82',
    street: 'Place du Général de Gaulle', ...ANOR,
    meetingPlace: 'Monument aux morts', schedule: 'Selon les cérémonies',
  },
  // ---- leisure -----------------------------------------------------------------------------
  {
    name: 'Comité des fêtes d\'Anor', categories: ['loisirs'],
    summary: 'Ducasse, brocante de printemps, marché de Noël et feu d\'artifice du 14 juillet.',
    contactName: 'Christophe Baudoux', contactRole: 'Président', email: 'comite.fetes.anor@example.fr', phone: '03 27 59 75 93',
    street: '5 rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle des fêtes', schedule: 'Réunion le premier mardi du mois, 19 h',
  },
  {
    name: 'Club de scrabble Le Mot Juste', categories: ['loisirs', 'culture'],
    summary: 'Scrabble duplicate et classique, tous niveaux.',
    contactName: 'Monique Dhainaut', contactRole: 'Présidente', phone: '03 27 60 19 05',
    street: 'Rue Jean Jaurès', ...ANOR,
    meetingPlace: 'Maison des associations', schedule: 'Lundi 14 h',
  },
  {
    name: 'Amicale des Colombophiles', categories: ['loisirs'],
    summary: 'Élevage et concours de pigeons voyageurs, tradition du Nord.',
    contactName: 'René Lecomte', contactRole: 'Président', phone: '03 27 59 76 28',
    street: 'Rue de Trélon', ...ANOR,
    meetingPlace: 'Local de la rue de Trélon', schedule: 'Enlogement le vendredi soir, d\'avril à septembre',
    acceptsNewMembers: false,
  },
  {
    name: 'Atelier couture et tricot', categories: ['loisirs', 'social'],
    summary: 'Couture, tricot et crochet en toute convivialité ; ouvrages offerts aux maternités.',
    contactName: 'Josiane Ruelle', contactRole: 'Animatrice', phone: '03 27 60 20 41',
    street: 'Rue Léo Lagrange', ...ANOR,
    meetingPlace: 'Salle des aînés', schedule: 'Jeudi 14 h – 17 h',
  },
];

/**
 * Creates and publishes the demo associations that do not exist yet (by slug) through the
 * service, so every rule and the journal apply. Returns how many were created.
 */
export async function seedDemoAssociations(ctx: RequestContext, associations: AssociationsService,
  taxonomy: TaxonomyService, pictureId: DemoPictureLookup = () => Promise.resolve(null)): Promise<number> {
  const categoryIds = new Map((await taxonomy.list(Vocabulary.CATEGORY)).map((term) => [term.slug, term.id]));
  let created = 0;
  for (const { categories, logo, ...demo } of DEMO_ASSOCIATIONS) {
    const slug = demo.slug ?? slugify(demo.name);
    if (await associations.findOne(ctx, { slug })) continue;
    const draft = await associations.create(ctx, {
      ...demo,
      slug,
      categoryIds: categories.flatMap((category) => categoryIds.get(category) ?? []),
      logoMediaId: logo ? await pictureId(logo) : null,
    });
    await associations.publish(ctx, draft);
    created++;
  }
  return created;
}
