import { CliUsageError, withApplication } from './cli-app';
import type { CliCommand } from './users.commands';

/** `npm run seed`: loads the demo commune; re-running it adds only what is missing. */
export const seed: CliCommand = {
  usage: 'seed',
  summary: 'load the Anor demo content (idempotent: existing items are left as they are)',
  async run(args, config, io) {
    if (args.length > 0) throw new CliUsageError(`seed takes no options (got ${args.join(' ')})`);
    const { created } = await withApplication(config, io, 'everything', async (app) => {
      const { DemoContentSeeder } = await import('../seed/demo-content');
      return app.get(DemoContentSeeder).seed();
    });
    io.out(created === 0 ? 'Demo content already present: nothing to add' : `Demo content: ${created} item(s) added`);
  },
};
