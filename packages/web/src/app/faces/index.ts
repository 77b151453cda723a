/**
 * Face ranking (人脸比对, docs/faces.md): `<FaceSearchPanel ownerType ownerId onProposed? />` picks one of a
 * record's photos, shows whether its face was extracted, ranks other records' photos by face distance and
 * proposes a hit as a family-search candidate for a caseworker to confirm.
 */
export { FaceSearchPanel, type FaceSearchPanelProps } from './face-search-panel';
export * from './faces.api';
