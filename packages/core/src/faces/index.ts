/**
 * Face ranking (人脸比对), a platform capability (docs/faces.md, ADR 0025): descriptors of photo
 * attachments computed in one worker thread with the optional face-api packages, top-k by distance for a
 * caseworker, and a hit proposed as a family-search candidate. Unavailable (never failing) when the
 * optional packages are not installed.
 */
export {
  FaceRankingUnavailable,
  faceEmbeddingOf,
  faceStatus,
  facesIdle,
  followNewPhotos,
  proposeFaceCandidate,
  refreshFaceIndex,
  requestFaceEmbedding,
  runFaceFollowJob,
  searchFaces,
  startFaceFollower,
  stopFaces,
} from './faces.service';
export type {
  FaceCandidateHandover,
  FaceFamilyRecord,
  FaceFamilyScope,
  FamilyCandidateProposer,
  FaceEmbeddingView,
  FaceHitView,
  FaceProposeView,
  FaceSearchInput,
  FaceSearchView,
  FaceStatusView,
} from './faces.service';
export { FaceEngine, FACE_COMPONENTS_MISSING, closeFaceEngine, faceEngine } from './face-engine';
export type { Availability, DetectedFace, EmbedJob, EmbedResult } from './face-engine';
export { FACE_DIMENSIONS, FaceIndex, decodeDescriptor, encodeDescriptor, euclidean } from './face-index';
export type { FaceIndexHit, FaceIndexRow, FaceScopeKey, FaceTopKFilter } from './face-index';
export {
  DEFAULT_FACE_CONFIG,
  faceConfig,
  faceConfigFileSchema,
  faceConfigSchema,
  isFaceKind,
} from './faces.config';
export type { FaceConfig, FaceConfigInput } from './faces.config';
export type { FaceEmbeddingRow, FaceEmbeddingStatus, FaceEmbeddingsTable, FaceTables } from './faces.table';
