/** Limits the probes judge by; any of them can be set per host in `hosts[].thresholds`. */
export interface Thresholds {
  /** 5-minute load average per core. */
  loadPerCoreWarn: number;
  loadPerCoreCrit: number;
  /** Memory in use (total − available), percent. */
  memWarn: number;
  memCrit: number;
  /** Swap in use, percent (only when there is swap). */
  swapWarn: number;
  swapCrit: number;
  /** Filesystem use per mount, percent. */
  diskWarn: number;
  diskCrit: number;
  /** Temperatures, °C (a sensor's own critical limit counts too when lower). */
  tempWarn: number;
  tempCrit: number;
  /** NVMe "percentage used" of rated endurance. */
  wearWarn: number;
  wearCrit: number;
  /** SATA reallocated sectors: any is a warning, this many is critical. */
  reallocatedCrit: number;
  /** SAS/SCSI grown defect list entries: any is a warning, this many is critical. */
  grownDefectsCrit: number;
  /** Kernel log window in hours for I/O errors. */
  kernelLogHours: number;
}

export const defaultThresholds: Thresholds = {
  loadPerCoreWarn: 1.5,
  loadPerCoreCrit: 3,
  memWarn: 90,
  memCrit: 97,
  swapWarn: 80,
  swapCrit: 95,
  diskWarn: 85,
  diskCrit: 95,
  tempWarn: 80,
  tempCrit: 90,
  wearWarn: 70,
  wearCrit: 90,
  reallocatedCrit: 100,
  grownDefectsCrit: 100,
  kernelLogHours: 24,
};

/** Defaults overlaid with the host's own numbers; unknown keys are ignored (the config schema allows any name). */
export function resolveThresholds(overrides: Record<string, number> | undefined): Thresholds {
  const t: Thresholds = { ...defaultThresholds };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (k in t && Number.isFinite(v)) t[k as keyof Thresholds] = v;
  }
  return t;
}
