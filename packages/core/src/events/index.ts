export { emitEvent } from './outbox';
export type { DomainEvents, EventType, StoredEvent } from './outbox';
export { EventDispatcher } from './dispatcher';
export type { EventHandler, DispatcherLogger } from './dispatcher';
