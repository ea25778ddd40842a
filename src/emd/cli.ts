import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Value } from 'typebox/value';
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { BadRequest } from '../core/errors.ts';
import { CardBody } from './schemas.ts';
import { checkCard, loadCard, type NewCard } from './service.ts';

/**
 * `precinct emd load-cards <file.json>`: load the agency's approved protocol cards (81A §I.1.b)
 * from a JSON file holding one card or a list of them, each as `POST /emd/cards` takes it.
 * Every card is checked before any is loaded (a version already loaded still stops the load at
 * that card, the ones before it loaded); each load supersedes that complaint's current card
 * and is audited as the operator.
 */
export function emdCommands(cli: Command, withContext: <T>(work: (ctx: AppContext) => Promise<T>) => Promise<T>, actor: () => Actor): void {
  const emd = cli.command('emd').description('emergency medical dispatch: the agency’s approved protocol cards (81A §I)');
  emd.command('load-cards <file>')
    .description('load protocol cards from a JSON file (one card or a list; fields as POST /api/v1/emd/cards, docs/emd.md)')
    .action(async (file: string) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new BadRequest('emd.cards_file', `${file}: not a JSON file (${(error as Error).message}); nothing was loaded`);
      }
      const cards = Array.isArray(parsed) ? parsed : [parsed];
      for (const [i, card] of cards.entries()) {
        const [error] = Value.Errors(CardBody, card);
        if (error) throw new BadRequest('emd.cards_file', `${file}: card ${i + 1}: ${error.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(card)'} ${error.message}; nothing was loaded`);
      }
      await withContext(async (ctx) => {
        for (const [i, card] of (cards as NewCard[]).entries()) {
          try {
            checkCard(ctx, card);
          } catch (error) {
            throw new BadRequest('emd.cards_file', `${file}: card ${i + 1}: ${(error as Error).message} Nothing was loaded.`);
          }
        }
        for (const card of cards as NewCard[]) {
          const loaded = await loadCard(ctx, actor(), card);
          console.log(`${loaded.complaint}: version ${loaded.version} loaded (approved ${loaded.approvedOn} by ${loaded.approvedBy})`);
        }
      });
    });
}
