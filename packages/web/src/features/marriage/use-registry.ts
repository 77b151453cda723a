import { useEffect, useState } from 'react';
import { useCurrentUser, sessionKeyPrefix } from '../../app/auth-context';
import { useApi } from '../../app/use-api';
import { marriageApi, type RegistryViewDto } from './marriage.api';

/** The registries the clerk may act at (qualified, in scope) and the one picked for this session. */
export function useWorkingRegistry() {
  const user = useCurrentUser();
  const key = `${sessionKeyPrefix}marriage-registry:${user.id}`;
  const { data, error, loading } = useApi((signal) => marriageApi.myRegistries(signal), [user.id]);
  const [registryId, setRegistryId] = useState<string | undefined>(
    () => sessionStorage.getItem(key) ?? undefined,
  );
  useEffect(() => {
    if (data && data.length > 0 && !data.some((r) => r.id === registryId)) setRegistryId(data[0]?.id);
  }, [data, registryId]);
  useEffect(() => {
    if (registryId) sessionStorage.setItem(key, registryId);
  }, [key, registryId]);
  const registry: RegistryViewDto | undefined = data?.find((r) => r.id === registryId);
  return { registries: data ?? [], registry, setRegistryId, error, loading };
}
