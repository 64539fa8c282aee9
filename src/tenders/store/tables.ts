import { type ColumnType, type Generated, type RawBuilder, sql } from 'kysely';
import type { Conversion } from '../../rates/model.ts';
import type { EligibilityRules } from '../model/eligibility.ts';
import type { Method } from '../model/evaluation.ts';
import type { TenderState } from '../model/lifecycle.ts';
import type { BidState, Requirement } from '../model/tender.ts';

/** A jsonb column: read as the value, written through `json()`. */
type Json<T> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>;

/** A value for a jsonb column, cast explicitly so that both dialects take it as jsonb. */
export function json<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)} as jsonb)`;
}

/** An awardee as kept in the tender's row, money as digits. */
interface AwardeeJson {
  lot: string;
  rank: number;
  bid: string;
  supplier: string;
  price: string;
}

export interface TendersTable {
  id: string;
  title: string;
  currency: string;
  state: TenderState;
  bid_deadline: string;
  standstill_days: number;
  standstill_ends_at: string | null;
  eligibility: Json<EligibilityRules>;
  conversions: Json<Conversion[]>;
  method: Json<Method>;
  documents: string;
  documents_version: Generated<number>;
  published_at: string | null;
  cancel_reason: string | null;
  award: Json<AwardeeJson[] | null>;
  award_proposed_by: string | null;
  event_id: string;
}

export interface TenderLotsTable {
  tender_id: string;
  lot: string;
  title: string;
  items: Json<string[]>;
  quantity: bigint;
  nations: Json<string[]>;
  requirements: Json<Requirement[]>;
  ceiling_minor: bigint;
  duration_months: number;
  awards: number;
  agreement_id: string | null;
}

export interface TenderBidsTable {
  id: string;
  tender_id: string;
  lot: string;
  supplier: string;
  state: BidState;
  commitment: string;
  submitted_at: string;
  final_submitted_at: string;
  documents_version: number;
  content: Json<unknown>;
  salt: string | null;
  set_aside_reason: string | null;
  set_aside_detail: string | null;
}

interface TenderKeysTable {
  tender_id: string;
  nonce: Uint8Array;
  wrapped_key: Uint8Array;
}

interface SealedBidsTable {
  bid_id: string;
  tender_id: string;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

interface SupplierRegistrationsTable {
  supplier: string;
  supply_class: string;
}

export interface TenderClarificationsTable {
  id: string;
  tender_id: string;
  asked_by: string;
  question: string;
  asked_at: string;
  answer: string | null;
  answered_at: string | null;
}

interface TenderDeclarationsTable {
  tender_id: string;
  evaluator: string;
  statement: string;
  declared_at: string;
}

interface TenderMarksTable {
  tender_id: string;
  bid_id: string;
  requirement: string;
  pass: boolean;
  justification: string;
  evaluator: string;
}

export interface TenderRankingsTable {
  tender_id: string;
  lot: string;
  rank: number;
  bid_id: string;
  supplier: string;
  price_minor: bigint;
  score: bigint | null;
}

export interface TenderChallengesTable {
  id: string;
  tender_id: string;
  supplier: string;
  reason: string;
  documents: Json<string[]>;
  state: 'pending' | 'upheld' | 'rejected';
  decision_reason: string | null;
  lodged_at: string;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    tenders: TendersTable;
    tender_lots: TenderLotsTable;
    tender_bids: TenderBidsTable;
    tender_keys: TenderKeysTable;
    sealed_bids: SealedBidsTable;
    supplier_registrations: SupplierRegistrationsTable;
    tender_clarifications: TenderClarificationsTable;
    tender_declarations: TenderDeclarationsTable;
    tender_marks: TenderMarksTable;
    tender_rankings: TenderRankingsTable;
    tender_challenges: TenderChallengesTable;
  }
}

/** The tables the tenders' projector alone writes; `tender_keys` and `sealed_bids` are not among them. */
export const TENDER_TABLES = [
  'tenders',
  'tender_lots',
  'tender_bids',
  'supplier_registrations',
  'tender_clarifications',
  'tender_declarations',
  'tender_marks',
  'tender_rankings',
  'tender_challenges',
] as const;
