package org.carepath.server.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM, by its JIT compiler and garbage collector threads, and by the
 * whole machine (Linux {@code /proc}: user + system time), so a benchmark can report CPU per
 * operation — steadier between runs on a shared VM than latency near saturation — and how much of
 * it a young JVM spends compiling.
 */
record CpuUse(long processMillis, long jitMillis, long gcMillis, long machineMillis) {

  private static final long TICK_MILLIS = 10; // USER_HZ is 100 on Linux

  static CpuUse now() {
    long process = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      process = os.getProcessCpuTime() / 1_000_000;
    }
    return new CpuUse(
        process,
        threadMillis("C1 Compiler", "C2 Compiler"),
        threadMillis("GC Thread", "G1 "),
        machineCpuMillis());
  }

  CpuUse since(CpuUse start) {
    return new CpuUse(
        processMillis - start.processMillis,
        jitMillis - start.jitMillis,
        gcMillis - start.gcMillis,
        machineMillis - start.machineMillis);
  }

  /** user + nice + system of the "cpu" line of /proc/stat, in ms (-1 where there is none). */
  private static long machineCpuMillis() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long ticks = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]);
      return ticks * TICK_MILLIS;
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
  }

  /** user + system time of this process's threads whose name starts with one of the prefixes. */
  private static long threadMillis(String... prefixes) {
    try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
      return threads
          .mapToLong(
              thread -> {
                try {
                  String name = Files.readString(thread.resolve("comm")).trim();
                  if (Stream.of(prefixes).noneMatch(name::startsWith)) {
                    return 0;
                  }
                  String stat = Files.readString(thread.resolve("stat"));
                  // Fields after the name in parentheses: state is field 3; utime 14, stime 15.
                  String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                  return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MILLIS;
                } catch (IOException | RuntimeException gone) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
  }
}
