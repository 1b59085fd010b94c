import { RequestContext } from '../common/request-context';
import { CommuneService } from './commune.service';
import { PublicationMode } from './publication-mode';

/**
 * The demo commune: Anor (Nord), INSEE code 59012, about 3,000 inhabitants (a demo value: the
 * commune enters its own figure). Electronic publication, the default. The settings are marked as
 * demo values (`demoValues`) until an admin changes them.
 */
export const DEMO_COMMUNE = {
  name: 'Anor',
  inseeCode: '59012',
  population: 3000,
  publicationMode: PublicationMode.ELECTRONIC,
};

/** Returns 1 when the demo values were applied, 0 when the settings already hold the commune's own. */
export async function seedDemoCommune(ctx: RequestContext, service: CommuneService): Promise<number> {
  return (await service.applyDemoValues(ctx, DEMO_COMMUNE)) ? 1 : 0;
}
