import type { Projector } from '../platform/ledger/projector.ts';
import { planningEvents } from './events.ts';
import { insertLine, insertPlan, insertRampUp, PLANNING_TABLES, reviseLine } from './store.ts';

/** Keeps the production lines, their ramp-ups and the stored plans in step with the ledger. */
export const planningProjector: Projector = {
  name: 'planning',
  tables: PLANNING_TABLES,
  async project(trx, events) {
    for (const event of events) {
      switch (event.type) {
        case 'ProductionLineAdded': {
          const p = planningEvents.ProductionLineAdded.parse(event.payload);
          await insertLine(
            trx,
            {
              id: p.line,
              supplier: p.supplier,
              nsn: p.nsn,
              monthlyCapacity: BigInt(p.monthlyCapacity),
              from: p.from,
            },
            event.recordedAt,
            event.id,
          );
          break;
        }
        case 'ProductionLineRevised': {
          const p = planningEvents.ProductionLineRevised.parse(event.payload);
          const capacity = { monthlyCapacity: BigInt(p.monthlyCapacity), from: p.from };
          await reviseLine(trx, p.line, capacity, event.recordedAt, event.id);
          break;
        }
        case 'RampUpDecided': {
          const p = planningEvents.RampUpDecided.parse(event.payload);
          const rampUp = {
            id: p.rampUp,
            addedPerMonth: BigInt(p.addedPerMonth),
            decidedIn: p.decidedIn,
            leadMonths: p.leadMonths,
            note: p.note,
          };
          await insertRampUp(trx, p.line, rampUp, event.recordedAt, event.id);
          break;
        }
        case 'PlanComputed': {
          const p = planningEvents.PlanComputed.parse(event.payload);
          const plan = {
            id: p.plan,
            computedAt: event.recordedAt,
            computedBy: event.actor,
            inputsAt: BigInt(p.inputsAt),
            solver: p.solver,
            input: p.input,
            results: p.results,
          };
          await insertPlan(trx, plan, event.id);
          break;
        }
        default:
          break;
      }
    }
  },
};
