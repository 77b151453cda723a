import { useCallback, useEffect, useRef, useState } from 'react';
import { useAuth } from '../auth-context';
import {
  fetchAttachmentOwnerTypes,
  fetchAttachments,
  onAttachmentsChanged,
  type AttachmentKind,
  type AttachmentOwnerTypeInfo,
  type AttachmentView,
} from './attachments.api';

const COARSE = '(any-pointer: coarse)';

function hasTouchScreen(): boolean {
  if (typeof window === 'undefined') return false;
  const coarse = typeof window.matchMedia === 'function' && window.matchMedia(COARSE).matches;
  return coarse || (typeof navigator !== 'undefined' && navigator.maxTouchPoints > 0);
}

/**
 * Whether the device has a touch screen (a tablet or phone): the camera is offered there. A touch laptop
 * counts too, harmlessly (its browser ignores `capture` and opens the file dialog).
 */
export function useTouchDevice(): boolean {
  const [touch, setTouch] = useState(hasTouchScreen);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mql = window.matchMedia(COARSE);
    const update = () => setTouch(hasTouchScreen());
    mql.addEventListener('change', update);
    return () => mql.removeEventListener('change', update);
  }, []);
  return touch;
}

export interface OwnerTypeState {
  info: AttachmentOwnerTypeInfo | undefined;
  /** The owner type's purposes, restricted to `only` when given (in that order). */
  kinds: AttachmentKind[];
  canWrite: boolean;
  canRead: boolean;
  error: unknown;
}

/** The owner type's purposes, size limit and whether the signed-in user may upload/remove. */
export function useOwnerType(ownerType: string, only?: readonly string[]): OwnerTypeState {
  const { hasPermission } = useAuth();
  const [info, setInfo] = useState<AttachmentOwnerTypeInfo>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    fetchAttachmentOwnerTypes().then(
      (all) => {
        if (!live) return;
        const found = all.ownerTypes.find((t) => t.type === ownerType);
        setInfo(found);
        setError(found ? undefined : new Error(`附件记录类型「${ownerType}」未注册`));
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [ownerType]);
  const kinds = !info
    ? []
    : only
      ? only.map((k) => info.kinds.find((x) => x.kind === k) ?? { kind: k, label: k })
      : info.kinds;
  return {
    info,
    kinds,
    canWrite: !!info && hasPermission(info.writePermission),
    canRead: !!info && hasPermission(info.readPermission),
    error,
  };
}

export interface AttachmentsState {
  items: AttachmentView[] | undefined;
  error: unknown;
  loading: boolean;
  /** Re-reads the list; resolves with it (for `onChange`). */
  reload: () => Promise<AttachmentView[] | undefined>;
}

/** An owner record's attachments (active only unless `includeRemoved`), re-read when the owner changes. */
export function useAttachments(
  ownerType: string,
  ownerId: string | null | undefined,
  includeRemoved = false,
): AttachmentsState {
  const [items, setItems] = useState<AttachmentView[]>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);

  const load = useCallback(
    async (signal?: AbortSignal): Promise<AttachmentView[] | undefined> => {
      if (!ownerId) {
        setItems([]);
        return [];
      }
      const mine = ++generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const list = await fetchAttachments(ownerType, ownerId, { includeRemoved, signal });
        if (mine === generation.current) setItems(list);
        return list;
      } catch (e) {
        if (mine === generation.current && !(e instanceof DOMException && e.name === 'AbortError'))
          setError(e);
        return undefined;
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [ownerType, ownerId, includeRemoved],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // Another panel or picker changed this record's attachments: re-read.
  useEffect(
    () =>
      onAttachmentsChanged((type, id) => {
        if (type === ownerType && id === ownerId) void load();
      }),
    [load, ownerType, ownerId],
  );

  const reload = useCallback(() => load(), [load]);
  return { items, error, loading, reload };
}
