package io.kmsmig.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak heap and CPU time of this JVM (the engine: the emulator runs in another process) over one phase. */
public final class EngineMeter {
    private final long cpuStart;

    private EngineMeter() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        cpuStart = cpu();
    }

    public static EngineMeter start() {
        return new EngineMeter();
    }

    /** The sum of the heap pools' peaks since start: an upper bound of the peak heap. */
    public long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    public long cpuNanos() {
        return cpu() - cpuStart;
    }

    private static long cpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
