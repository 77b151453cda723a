/** Synthetic re-verification data already encoded into columnar tables (tests and examples). */
import { NameDictionary, type NameTable } from '../columns/name-dictionary';
import { encodePeople, type PeopleTable } from '../columns/people-table';
import { generateReverification } from './reverification';

export interface EncodedReverification {
  left: PeopleTable;
  right: PeopleTable;
  names: NameTable;
  /** Gold labels: the right row of each left row's true match, -1 for none. */
  truth: Int32Array;
}

export function encodedReverification(
  size: { left: number; right: number },
  seed: number,
): EncodedReverification {
  const data = generateReverification({ size, seed });
  const dict = new NameDictionary();
  const left = encodePeople(data.left, dict);
  const right = encodePeople(data.right, dict);
  return { left, right, names: dict.freeze(), truth: data.truth };
}
