/**
 * Typed calls of the platform face-ranking capability (docs/faces.md, /api/faces). Nothing here
 * identifies anyone: the server ranks other photos by the distance of their face descriptors, and a
 * caseworker decides whether to propose a hit as a family-search candidate.
 */
import { api } from '../api-client';

export type FaceEmbeddingStatus = 'none' | 'pending' | 'done' | 'no_face' | 'failed';

export interface FaceStatus {
  /** False when the optional face components are not installed (then every face route answers 503). */
  available: boolean;
  /** Why it is unavailable, in Chinese. */
  reason: string | null;
  model: string;
  /** Photos waiting for the worker. */
  queueLength: number;
  /** Stored descriptors (done). */
  embeddings: number;
  /** Distance under which a hit is shown as 「相似度较高」 (uncalibrated for real photos). */
  threshold: number;
  /** The (ownerType, kind) pairs whose photos are embedded. */
  faceKinds: { ownerType: string; kind: string }[];
}

export interface FaceEmbeddingView {
  attachmentId: string;
  ownerType: string;
  ownerId: string;
  status: FaceEmbeddingStatus;
  /** Detection score 0–1 of the face used. */
  score: number | null;
  /** Face box in pixels of the photo. */
  box: { x: number; y: number; width: number; height: number } | null;
  /** Faces found in the photo (the largest one is used). */
  faceCount: number | null;
  model: string | null;
  error: string | null;
  updatedAt: string | null;
}

export interface FaceHit {
  attachmentId: string;
  ownerType: string;
  ownerId: string;
  /** Label of the owner type, e.g. 救助案件. */
  ownerTypeLabel: string;
  /** The record's name (case number and name, a report's name and lost date), when its owner type gives one. */
  ownerLabel: string | null;
  distance: number;
  /** 1 − distance, clamped to 0–1 (display only). */
  similarity: number;
  /** distance ≤ threshold. */
  withinThreshold: boolean;
  /**
   * A family-search record of another kind outside the user's scope (寻亲人脸比对 only): no thumbnail may be
   * read, `ownerLabel` holds only the kind, the county-level place and the year.
   */
  minimised: boolean;
  /** county 外县 · jurisdiction 外辖区 (the user's county, another unit) · null in scope. */
  outsideScope: 'county' | 'jurisdiction' | null;
}

export interface FaceSearchResult {
  query: FaceEmbeddingView;
  threshold: number;
  /** Hits by increasing distance; empty while the query photo is not embedded. */
  hits: FaceHit[];
}

export interface FaceProposeResult {
  proposed: boolean;
  /** What the matching line answered (candidate id …) or why nothing was proposed. */
  candidateId: string | null;
  message: string;
}

export function fetchFaceStatus(signal?: AbortSignal): Promise<FaceStatus> {
  return api.get<FaceStatus>('/api/faces/status', undefined, signal);
}

export function fetchFaceEmbedding(attachmentId: string, signal?: AbortSignal): Promise<FaceEmbeddingView> {
  return api.get<FaceEmbeddingView>(
    `/api/faces/attachments/${encodeURIComponent(attachmentId)}`,
    undefined,
    signal,
  );
}

export function requestFaceEmbedding(attachmentId: string): Promise<FaceEmbeddingView> {
  return api.post<FaceEmbeddingView>(`/api/faces/attachments/${encodeURIComponent(attachmentId)}/embed`);
}

/**
 * The face search. With `familySearch` (the user holds matching:family-review) it is the matching line's
 * 寻亲 face search, which adds family-search records of another kind outside the user's scope, minimised.
 */
export function searchFaces(
  input: {
    attachmentId: string;
    k?: number;
    ownerTypes?: string[];
  },
  familySearch = false,
): Promise<FaceSearchResult> {
  return api.post<FaceSearchResult>(
    familySearch ? '/api/matching/family-candidates/face-search' : '/api/faces/search',
    input,
  );
}

export function proposeFaceCandidate(input: {
  attachmentId: string;
  hitAttachmentId: string;
}): Promise<FaceProposeResult> {
  return api.post<FaceProposeResult>('/api/matching/family-candidates/face', input);
}
