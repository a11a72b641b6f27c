package org.carepath.server.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM and by the whole machine (Linux {@code /proc/stat}: user, nice
 * and system time of every CPU), so a benchmark can report CPU per operation — steadier between
 * runs on a shared VM than latency near saturation.
 */
record CpuUse(long processMillis, long machineMillis) {

  static CpuUse now() {
    long process = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      process = os.getProcessCpuTime() / 1_000_000;
    }
    return new CpuUse(process, machineCpuMillis());
  }

  CpuUse since(CpuUse start) {
    return new CpuUse(processMillis - start.processMillis, machineMillis - start.machineMillis);
  }

  /** user + nice + system of the "cpu" line of /proc/stat, in ms (-1 where there is none). */
  private static long machineCpuMillis() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long ticks = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]);
      return ticks * 10; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
  }
}
