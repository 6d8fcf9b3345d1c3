import type { StoreStatus } from '../../../shared/store-status.ts'

/**
 * The format-upgrade warning of an older RocksDB store: in the store header it says the store is read through a
 * snapshot; in a migrate or restore confirmation it says that confirming upgrades the store's format.
 */
export function FormatUpgradeNotice({ status, confirming }: { status: StoreStatus; confirming: boolean }) {
  const upgrade = status.formatUpgrade
  if (!upgrade || upgrade.allowed) return null
  return (
    <div className="callout callout-warning" role="status" aria-label="RocksDB format upgrade">
      <p>
        <strong>
          <span aria-hidden="true">⚠ </span>
          {confirming ? 'Confirming upgrades this store’s RocksDB format.' : 'Older RocksDB format: read-only until you migrate or restore.'}
        </strong>{' '}
        {confirming
          ? `This store was written by RocksDB ${upgrade.storeRocksdbVersion}; writing to it with this tool’s RocksDB ${upgrade.engineRocksdbVersion} upgrades its file format, and older Meridian builds may no longer open it afterwards. A backup is taken first and can be restored into a LevelDB or RocksDB store.`
          : `This store was written by RocksDB ${upgrade.storeRocksdbVersion}; this tool runs RocksDB ${upgrade.engineRocksdbVersion}. It is read through a private snapshot and left byte-identical. Migrating or restoring would upgrade its file format, which older Meridian builds may no longer open, so both ask first.`}
        {upgrade.recompressed
          ? confirming
            ? ' Its Snappy-compressed tables, which this tool’s RocksDB cannot read, are also recompressed to ZSTD by RocksDB’s ldb: Meridian’s RocksDB needs ZSTD to open it afterwards.'
            : ' Its tables are Snappy-compressed, which this tool’s RocksDB cannot read, so the snapshot is recompressed to ZSTD by RocksDB’s ldb.'
          : null}
      </p>
    </div>
  )
}
