/**
 * Linking the parties of a registration act to the master person index (人口基础库): by resident id,
 * or for foreign documents by (type, nationality, number); created when absent.
 */
import {
  DomainError,
  getDivision,
  normalizePersonName,
  parseResidentId,
  successorsOf,
  type PlainDate,
} from '@social-affairs/kernel';
import type { MarriagePartyInput } from '@social-affairs/kernel/contracts';
import { systemActor, type Actor } from '../access/index';
import type { Transaction } from 'kysely';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import {
  createPersonInTransaction,
  findIndexedPersonByResidentId,
  presentPerson,
  type PersonSummary,
} from '../people/index';
import { findForeignParty, insertForeignParty } from './marriage.repository';
import type { CrossBorder, RegistryRow } from './marriage.table';

export type PartyRole = 'husband' | 'wife';
export const PARTY_LABEL: Record<PartyRole, string> = { husband: '男方', wife: '女方' };

export interface ResolvedParty {
  role: PartyRole;
  person: PersonSummary;
  /** The full resident id from the index (null for foreign documents); `person` shows it masked. */
  residentId: string | null;
  /** Whether this act added the person to the index. */
  created: boolean;
  crossBorder: CrossBorder;
  /** County of the hukou (null for parties without a mainland hukou). */
  hukouCounty: string | null;
  birthDate: PlainDate;
  sex: 'male' | 'female';
  input: MarriagePartyInput;
}

/**
 * The registrar acting on the index with nationwide reach, for this one purpose: a party may come from
 * any county (全国通办) and the bigamy check must see everyone. Audit rows still name the registrar.
 */
export function indexActor(actor: Actor): Actor {
  return { ...systemActor(actor.username, '000000'), userId: actor.userId, username: actor.username };
}

function invalid(code: string, message: string, role: PartyRole, field: string): DomainError {
  return new DomainError('invalid', code, `${PARTY_LABEL[role]}：${message}`, { field: `${role}.${field}` });
}

/** A hukou code the index knows: the given one, the id's address code, or its successor (430521 → 430582). */
function hukouFor(input: MarriagePartyInput, idAddressCode: string, role: PartyRole): string {
  if (input.hukouDivisionCode) {
    if (!getDivision(input.hukouDivisionCode)) {
      throw invalid(
        'PARTY_HUKOU_DIVISION_UNKNOWN',
        '户籍所在地行政区划代码不存在或尚未加载',
        role,
        'hukouDivisionCode',
      );
    }
    return input.hukouDivisionCode;
  }
  if (getDivision(idAddressCode)) return idAddressCode;
  const successor = successorsOf(idAddressCode).find((c) => getDivision(c));
  if (successor) return successor;
  throw invalid(
    'PARTY_HUKOU_REQUIRED',
    '请填写户籍所在地（身份证地址码不在本平台已加载的行政区划内）',
    role,
    'hukouDivisionCode',
  );
}

/**
 * Finds or creates the party's entry in the person index inside the registration's transaction, so a
 * refused or failed registration leaves nothing half-done and the whole act costs one commit. The
 * lookup is not audited on its own: the registration's (or refusal's) audit row names both parties.
 * Two registries indexing the same new person at once: the loser's transaction fails on the unique
 * resident id (or document) and the caller retries, now finding the entry.
 */
export async function resolveParty(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  role: PartyRole,
  input: MarriagePartyInput,
  registry: RegistryRow,
  today: PlainDate,
  source: string,
): Promise<ResolvedParty> {
  const who = indexActor(actor);
  const name = normalizePersonName(input.name);
  if (input.documentType === 'resident_id') {
    if (!input.residentId)
      throw invalid('PARTY_RESIDENT_ID_REQUIRED', '请填写公民身份号码', role, 'residentId');
    let parsed;
    try {
      parsed = parseResidentId(input.residentId, { today });
    } catch (err) {
      if (err instanceof DomainError) throw invalid(err.code, err.message, role, 'residentId');
      throw err;
    }
    const crossBorder: CrossBorder = parsed.origin === 'mainland' ? 'mainland' : 'hk_macao_taiwan';
    const hukou =
      crossBorder === 'mainland' ? hukouFor(input, parsed.divisionCode, role) : registry.divisionCode;
    let row = await findIndexedPersonByResidentId(trx, parsed.id);
    let created = false;
    if (!row) {
      row = await createPersonInTransaction(
        ctx,
        trx,
        who,
        { residentId: parsed.id, name, hukouDivisionCode: hukou, source },
        { residentIdAbsent: true },
      );
      created = true;
    } else if (normalizePersonName(row.name) !== name) {
      throw invalid(
        'PARTY_NAME_MISMATCH',
        '姓名与人口基础库中该身份证号码登记的姓名不一致，请核对证件',
        role,
        'name',
      );
    }
    return {
      role,
      person: presentPerson(row, today),
      residentId: row.residentId,
      created,
      crossBorder,
      hukouCounty: crossBorder === 'mainland' ? hukou.slice(0, 6) : null,
      birthDate: parsed.birthDate,
      sex: parsed.sex,
      input,
    };
  }
  // Foreign documents: 护照, 外国人永久居留身份证, 港澳居民来往内地通行证/台湾居民来往大陆通行证.
  if (!input.documentNo) throw invalid('PARTY_DOCUMENT_NO_REQUIRED', '请填写证件号码', role, 'documentNo');
  if (!input.nationality)
    throw invalid('PARTY_NATIONALITY_REQUIRED', '请填写国籍或地区', role, 'nationality');
  if (!input.sex) throw invalid('PARTY_SEX_REQUIRED', '请选择性别', role, 'sex');
  if (!input.birthDate) throw invalid('PARTY_BIRTH_DATE_REQUIRED', '请填写出生日期', role, 'birthDate');
  const key = {
    documentType: input.documentType,
    nationality: input.nationality.toUpperCase(),
    documentNo: input.documentNo.toUpperCase(),
  };
  let mapped = await findForeignParty(trx, key);
  let created = false;
  if (mapped && normalizePersonName(mapped.name) !== name) {
    throw invalid('PARTY_NAME_MISMATCH', '姓名与此前登记的同一证件姓名不一致，请核对证件', role, 'name');
  }
  if (!mapped) {
    const p = await createPersonInTransaction(ctx, trx, who, {
      name,
      sex: input.sex,
      birthDate: input.birthDate,
      hukouDivisionCode: registry.divisionCode,
      source,
    });
    await insertForeignParty(trx, { ...key, personId: p.id, createdAt: ctx.clock.now().toISOString() });
    created = true;
    mapped = p;
  }
  const person: PersonSummary = {
    id: mapped.id,
    residentIdMasked: null,
    name: mapped.name,
    namePinyin: '',
    sex: mapped.sex,
    birthDate: mapped.birthDate,
    age: null,
    hukouDivisionCode: registry.divisionCode,
    hukouDivisionName: '',
    status: mapped.status,
    deathDate: mapped.deathDate,
  };
  return {
    role,
    person,
    residentId: null,
    created,
    crossBorder: input.documentType === 'hmt_travel_permit' ? 'hk_macao_taiwan' : 'foreign',
    hukouCounty: null,
    birthDate: input.birthDate,
    sex: input.sex,
    input,
  };
}

/** The cross-border category of a couple: 涉外 wins over 涉港澳台, which wins over 内地. */
export function coupleCrossBorder(a: CrossBorder, b: CrossBorder): CrossBorder {
  if (a === 'foreign' || b === 'foreign') return 'foreign';
  if (a === 'hk_macao_taiwan' || b === 'hk_macao_taiwan') return 'hk_macao_taiwan';
  return 'mainland';
}
