import { describe, expect, it } from 'vitest';
import { argon2, loadNativeArgon2, wasmArgon2 } from './password';

const params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('argon2id implementations', () => {
  it('uses the native binding when it is installed, and says which', () => {
    const native = loadNativeArgon2();
    expect(native?.name).toBe('@node-rs/argon2');
    expect(argon2.name).toBe('@node-rs/argon2');
  });

  it('falls back to WebAssembly when the native package cannot be loaded (npm install --omit=optional)', () => {
    expect(loadNativeArgon2('@node-rs/argon2-not-installed')).toBeUndefined();
  });

  it('the two implementations verify each other’s hashes, and refuse a wrong password', async () => {
    const native = loadNativeArgon2()!;
    const fromWasm = await wasmArgon2.hash('Secret2026', params);
    const fromNative = await native.hash('Secret2026', params);
    expect(fromWasm).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await native.verify(fromWasm, 'Secret2026')).toBe(true);
    expect(await wasmArgon2.verify(fromNative, 'Secret2026')).toBe(true);
    expect(await wasmArgon2.verify(fromNative, 'Secret2027')).toBe(false);
    expect(await native.verify(fromWasm, 'Secret2027')).toBe(false);
  });
});
