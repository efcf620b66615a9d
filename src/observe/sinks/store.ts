import type { AlertDestination } from '../alert-hub.js';
import type { AlertStore } from '../../store/types.js';
import { retryingDestination, type RetryOptions } from './retrying-queue.js';

/** Alerts kept in the store, for the admin page; a failing store is retried like a webhook. */
export function storeDestination(store: AlertStore, options: RetryOptions): AlertDestination {
  return retryingDestination('store', (alert) => store.appendAlert(alert), options);
}
