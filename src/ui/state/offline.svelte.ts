// State of the offline panel: is the site stored for offline use, how much storage it takes, whether results are
// remembered, and the "Make available offline" / "Delete all data" actions. All user-facing words are in
// OFFLINE_TEXT, one object, so a translation replaces it in one place.
import { askOfflineStatus, clearOfflineCache, fillOfflineCache } from '../../pwa/offline-fill';
import { isolationFailed, registerServiceWorker, reloadOnceForIsolation } from '../../pwa/register';
import { appStore } from '../../storage';
import { appI18n, format } from '../i18n/i18n.svelte';
import { forgetAllJson } from '../local-json';
import { pitch } from '../pitch/pitch.svelte';

// Same shape as the app dictionaries (src/ui/i18n/en.ts): key -> template with {params}, filled by format().
// To translate, move these keys into en.ts/zh.ts and call i18n.t() instead of t() below.
export const OFFLINE_TEXT = {
  'offline.starting': 'Checking offline support…',
  'offline.ready': 'Ready offline',
  'offline.readyDetail': 'The app, its runtime and its models are stored on this device: it works without a network.',
  'offline.onlineOnly': 'Online only',
  'offline.onlineOnlyDetail': 'Download {size} once to use ModelLab without a network.',
  'offline.unavailable': 'Offline use unavailable',
  'offline.unsupported': 'This browser cannot keep the site offline (no service workers; private browsing?).',
  'offline.devServer': 'Offline use is off on the development server (npm start). To try it, build and preview the site: npm run build && npm run preview, then open the address it prints.',
  'offline.registerFailed': 'The offline helper could not start: {why}',
  'offline.makeAvailable': 'Make available offline',
  'offline.downloading': 'Downloading {done} of {total} ({file})…',
  'offline.failed': 'Could not make ModelLab available offline: {why}',
  'offline.noSpace': 'there is not enough storage space on this device.',
  'offline.shellMissing': 'the app itself is not fully stored yet. Reload the page and try again.',
  'offline.incomplete': 'some files were not stored. Try again.',
  'offline.helperSlow': 'the offline helper did not start. Reload the page and try again.',
  'offline.persisted': 'The browser keeps this storage until you delete it.',
  'offline.notPersisted': 'The browser may clear this storage if the disk gets full.',
  'offline.storage': 'Storage used by this site: {used} of {quota} allowed.',
  'offline.isolationFailed': 'WASM threads are off: this browser did not allow cross-origin isolation here, so models run on one thread.',
  'offline.updated': 'A new version of ModelLab was installed.',
  'offline.reload': 'Reload',
  'offline.dataTitle': 'Storage and saved data',
  'offline.savedCounts': 'Saved on this device: compressed variants: {variants} · benchmark results: {runs} · uploaded models: {models}.',
  'offline.deleteExplains': 'Deletes the saved compressed variants, benchmark history and uploaded models from this browser.',
  'offline.alsoOffline': 'Also remove the offline copy of the runtime and models (the app page itself stays cached so it still opens).',
  'offline.deleteAll': 'Delete all data',
  'offline.confirmDelete': 'Delete now',
  'offline.cancel': 'Cancel',
  'offline.deleted': 'Deleted the saved variants, benchmark history and uploaded models.',
  'offline.deletedWithOffline': 'Deleted the saved variants, benchmark history, uploaded models and the offline copy.',
  'offline.deleteFailed': 'Could not delete everything: {why}',
};

export type OfflineKey = keyof typeof OFFLINE_TEXT;

/** 中文：与 OFFLINE_TEXT 的键和占位符完全一致（测试会检查）。 */
export const OFFLINE_TEXT_ZH: Record<OfflineKey, string> = {
  'offline.starting': '正在检查离线支持…',
  'offline.ready': '可离线使用',
  'offline.readyDetail': '应用、运行时和模型都已保存在本设备上：没有网络也能使用。',
  'offline.onlineOnly': '仅在线',
  'offline.onlineOnlyDetail': '下载一次 {size}，即可在无网络时使用 ModelLab。',
  'offline.unavailable': '无法离线使用',
  'offline.unsupported': '此浏览器无法离线保存本站（不支持 Service Worker；是否为隐私浏览？）。',
  'offline.devServer': '开发服务器（npm start）上不启用离线功能。要试用离线功能，请先构建并预览站点：npm run build && npm run preview，然后打开它显示的地址。',
  'offline.registerFailed': '离线助手无法启动：{why}',
  'offline.makeAvailable': '保存以便离线使用',
  'offline.downloading': '正在下载 {done} / {total}（{file}）…',
  'offline.failed': '无法让 ModelLab 离线可用：{why}',
  'offline.noSpace': '本设备存储空间不足。',
  'offline.shellMissing': '应用本身尚未完整保存。请刷新页面后重试。',
  'offline.incomplete': '部分文件未能保存。请重试。',
  'offline.helperSlow': '离线助手没有启动。请刷新页面后重试。',
  'offline.persisted': '浏览器会保留这些数据，直到你删除为止。',
  'offline.notPersisted': '磁盘空间不足时，浏览器可能会清除这些数据。',
  'offline.storage': '本站已用存储：{used}，上限 {quota}。',
  'offline.isolationFailed': 'WASM 多线程已关闭：此浏览器在这里不允许跨源隔离，模型只能单线程运行。',
  'offline.updated': '已安装新版 ModelLab。',
  'offline.reload': '刷新',
  'offline.dataTitle': '存储与已保存的数据',
  'offline.savedCounts': '本设备已保存：压缩版本 {variants} 个 · 基准测试结果 {runs} 条 · 上传的模型 {models} 个。',
  'offline.deleteExplains': '从本浏览器删除已保存的压缩版本、基准测试历史和上传的模型。',
  'offline.alsoOffline': '同时删除运行时和模型的离线副本（应用页面本身仍保留缓存，以便能打开）。',
  'offline.deleteAll': '删除所有数据',
  'offline.confirmDelete': '立即删除',
  'offline.cancel': '取消',
  'offline.deleted': '已删除保存的压缩版本、基准测试历史和上传的模型。',
  'offline.deletedWithOffline': '已删除保存的压缩版本、基准测试历史、上传的模型以及离线副本。',
  'offline.deleteFailed': '未能全部删除：{why}',
};

/** Follows the app's language switch (appI18n is the one I18n instance of the page). */
export function t(key: OfflineKey, params?: Record<string, string | number>): string {
  return format((appI18n.locale === 'zh' ? OFFLINE_TEXT_ZH : OFFLINE_TEXT)[key], params);
}

export type OfflinePhase = 'starting' | 'unavailable' | 'online-only' | 'downloading' | 'ready';

export interface SavedCounts {
  variants: number;
  benchmarks: number;
  models: number;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

const WORKER_TIMEOUT_MS = 60_000;

export class OfflineState {
  phase = $state<OfflinePhase>('starting');
  /** Why offline use is unavailable (no service worker, dev server…). Messages are functions: they are worded
   * when shown, so switching the language rewords them too. */
  reason = $state.raw<(() => string) | undefined>();
  error = $state.raw<(() => string) | undefined>();
  doneBytes = $state(0);
  totalBytes = $state(0);
  currentFile = $state('');
  /** Bytes still to download before the site works offline. */
  missingBytes = $state(0);
  persisted = $state<boolean | undefined>();
  estimate = $state.raw<{ usage: number; quota: number } | undefined>();
  /** "Results will not be remembered: …" when IndexedDB is unusable. */
  storeMessage = $state<string | undefined>();
  counts = $state.raw<SavedCounts | undefined>();
  isolationFailed = $state(false);
  updateReady = $state(false);
  deletedNote = $state.raw<(() => string) | undefined>();
  progress = $derived(this.totalBytes > 0 ? this.doneBytes / this.totalBytes : 0);

  #registration: ServiceWorkerRegistration | undefined;
  #started = false;
  #anyStored = false;

  /** Registers the service worker and reads the current state. Safe to call more than once. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.isolationFailed = isolationFailed();
    void this.#watchStore();
    const registration = await registerServiceWorker();
    if (registration.kind !== 'registered') {
      this.phase = 'unavailable';
      this.reason = () => t(registration.reason, { why: registration.detail ?? '' });
      await this.#readStorage();
      return;
    }
    this.#registration = registration.registration;
    reloadOnceForIsolation(registration.registration, () => (this.updateReady = true));
    try {
      const complete = await this.refresh();
      // Some heavy files stored but not all: the user asked for offline use before and a new build changed
      // files, or a download was cut off. Finish it, or the site silently stops working offline.
      if (!complete && this.#anyStored) await this.makeAvailableOffline();
    } catch (e) {
      this.phase = 'online-only';
      this.error = () => t('offline.failed', { why: message(e) });
    }
  }

  /** Asks the service worker what is stored and the browser how much space it takes. */
  async refresh(): Promise<boolean> {
    const status = await askOfflineStatus(await this.#activeRegistration());
    this.missingBytes = status.heavy.filter((f) => !f.cached).reduce((n, f) => n + f.bytes, 0);
    this.#anyStored = status.heavy.some((f) => f.cached);
    const complete = status.shellReady && status.heavy.every((f) => f.cached);
    if (this.phase !== 'downloading') this.phase = complete ? 'ready' : 'online-only';
    await this.#readStorage();
    return complete;
  }

  async makeAvailableOffline(): Promise<void> {
    if (this.phase === 'downloading' || this.phase === 'unavailable') return;
    this.phase = 'downloading';
    this.error = undefined;
    this.doneBytes = 0;
    this.totalBytes = this.missingBytes;
    try {
      // Asked first: Chrome answers at once from site engagement, Firefox shows a prompt.
      this.persisted = (await navigator.storage?.persist?.()) ?? false;
      const status = await askOfflineStatus(await this.#activeRegistration());
      if (!status.shellReady) throw new OfflineError('offline.shellMissing');
      await fillOfflineCache(status, (p) => {
        this.doneBytes = p.doneBytes;
        this.totalBytes = p.totalBytes;
        this.currentFile = p.file;
      });
      this.phase = 'online-only';
      if (!(await this.refresh())) throw new OfflineError('offline.incomplete');
    } catch (e) {
      this.phase = 'online-only';
      this.error = () => t('offline.failed', { why: (e as { name?: string }).name === 'QuotaExceededError' ? t('offline.noSpace') : message(e) });
      await this.#readStorage();
    }
  }

  /** Deletes IndexedDB data, and the offline copy of the heavy files when asked (never the app shell). */
  async deleteAllData(alsoOfflineCopy: boolean): Promise<void> {
    this.deletedNote = undefined;
    this.error = undefined;
    try {
      await (await appStore()).deleteAllData();
      forgetAllJson(); // saved pitch slides and cost assumptions
      pitch.reload();
      if (alsoOfflineCopy) await clearOfflineCache();
      this.deletedNote = () => t(alsoOfflineCopy ? 'offline.deletedWithOffline' : 'offline.deleted');
    } catch (e) {
      this.error = () => t('offline.deleteFailed', { why: message(e) });
    }
    await this.#readCounts();
    if (this.#registration) await this.refresh().catch(() => undefined);
    else await this.#readStorage();
  }

  async #activeRegistration(): Promise<ServiceWorkerRegistration> {
    if (this.#registration?.active) return this.#registration;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new OfflineError('offline.helperSlow')), WORKER_TIMEOUT_MS)));
    try {
      return await Promise.race([navigator.serviceWorker.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #watchStore(): Promise<void> {
    const store = await appStore();
    this.storeMessage = store.status.message;
    store.onStatus((s) => {
      this.storeMessage = s.message;
      void this.#readCounts();
    });
    // Live: a model uploaded or forgotten, a variant cached, a result saved.
    store.onChange(() => void Promise.all([this.#readCounts(), this.#readStorage()]));
    await this.#readCounts();
  }

  async #readCounts(): Promise<void> {
    const store = await appStore();
    const [variants, benchmarks, models] = await Promise.all([store.variants.count(), store.benchmarks.count(), store.models.count()]);
    this.counts = { variants, benchmarks, models };
  }

  async #readStorage(): Promise<void> {
    const storage = navigator.storage;
    if (!storage?.estimate) return;
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.()]);
    this.estimate = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
    this.persisted = persisted;
  }
}

/** A failure with one of the panel's own messages: worded when shown, in the language of that moment. */
class OfflineError extends Error {
  constructor(readonly key: OfflineKey) {
    super(OFFLINE_TEXT[key]);
  }
}

function message(e: unknown): string {
  return e instanceof OfflineError ? t(e.key) : e instanceof Error ? e.message : String(e);
}

/** The page's one offline state (one service worker per site). */
export const offline = new OfflineState();
