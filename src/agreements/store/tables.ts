import type { Generated } from 'kysely';
import type { AgreementState } from '../model/agreement.ts';
import type { CallOffState } from '../model/call-off.ts';

export interface AgreementsTable {
  id: string;
  title: string;
  lot: string | null;
  currency: string;
  ceiling_minor: bigint;
  committed_minor: Generated<bigint>;
  valid_from: string;
  valid_to: string;
  state: AgreementState;
  price_variation_bound_bp: number;
  created_at: string;
  event_id: string;
}

interface AgreementItemsTable {
  agreement_id: string;
  nsn: string;
}

interface AgreementNationsTable {
  agreement_id: string;
  nation: string;
  sub_ceiling_minor: bigint | null;
  committed_minor: Generated<bigint>;
}

interface AgreementSuppliersTable {
  agreement_id: string;
  supplier: string;
  rank: number;
  currency: string;
  monthly_capacity: bigint;
}

interface AgreementTiersTable {
  agreement_id: string;
  supplier: string;
  nsn: string;
  from_quantity: bigint;
  unit_price_minor: bigint;
}

interface AgreementVolumesTable {
  agreement_id: string;
  supplier: string;
  nsn: string;
  pooled: bigint;
}

export interface CeilingProposalsTable {
  id: string;
  agreement_id: string;
  ceiling_minor: bigint;
  reason: string;
  proposed_by: string;
  proposed_at: string;
  state: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface CallOffsTable {
  id: string;
  agreement_id: string;
  nation: string;
  supplier: string;
  nsn: string;
  destination: string;
  quantity: bigint;
  currency: string;
  tier_from: bigint;
  unit_price_minor: bigint;
  placed_unit_price_minor: bigint;
  variation_bp: number;
  value_minor: bigint;
  ceiling_currency: string;
  fx_rate: string;
  fx_inverted: boolean;
  fx_day: string;
  ceiling_value_minor: bigint;
  rebated_minor: Generated<bigint>;
  state: CallOffState;
  chosen_by: 'named' | 'cascade';
  placed_at: string;
  placed_by: string;
  cancel_reason: string | null;
  declared_quantity: Generated<bigint>;
  accepted_quantity: Generated<bigint>;
  event_id: string;
}

interface CallOffMonthsTable {
  call_off_id: string;
  month: string;
  quantity: bigint;
}

interface AgreementMonthlyLoadTable {
  agreement_id: string;
  supplier: string;
  month: string;
  quantity: bigint;
}

export interface CallOffDeliveriesTable {
  id: string;
  call_off_id: string;
  quantity: bigint;
  lot_number: string;
  delivered_on: string;
  state: 'declared' | 'accepted' | 'rejected';
  reason: string | null;
  declared_at: string;
  decided_at: string | null;
}

interface CallOffTimelineTable {
  call_off_id: string;
  /** 1, 2, 3… in the order the call-off's events were recorded. */
  step: number;
  event_id: string;
  at: string;
  actor: string;
  kind: string;
  detail: unknown;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    agreements: AgreementsTable;
    agreement_items: AgreementItemsTable;
    agreement_nations: AgreementNationsTable;
    agreement_suppliers: AgreementSuppliersTable;
    agreement_tiers: AgreementTiersTable;
    agreement_volumes: AgreementVolumesTable;
    ceiling_proposals: CeilingProposalsTable;
    call_offs: CallOffsTable;
    call_off_months: CallOffMonthsTable;
    agreement_monthly_load: AgreementMonthlyLoadTable;
    call_off_deliveries: CallOffDeliveriesTable;
    call_off_timeline: CallOffTimelineTable;
  }
}

/** Every table of this context is a projection of the ledger. */
export const AGREEMENT_TABLES = [
  'agreements',
  'agreement_items',
  'agreement_nations',
  'agreement_suppliers',
  'agreement_tiers',
  'agreement_volumes',
  'ceiling_proposals',
  'call_offs',
  'call_off_months',
  'agreement_monthly_load',
  'call_off_deliveries',
  'call_off_timeline',
] as const;
