package dev.suture.demo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The demo upstream process: the instances of one service, each on its own port, and the fault API on another. Runs
 * until it is stopped (SIGTERM or Ctrl-C), then closes every listener.
 */
public final class DemoUpstream implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DemoUpstream.class.getName());

    private final List<Instance> instances;
    private final FaultApi api;

    private DemoUpstream(List<Instance> instances, FaultApi api) {
        this.instances = List.copyOf(instances);
        this.api = api;
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %5$s%6$s%n");
        DemoUpstream upstream = start(DemoSettings.from(args, System.getenv()), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            upstream.close();
                            stopped.countDown();
                        },
                        "demo-upstream-stop"));
        stopped.await();
    }

    /** Starts every instance healthy, then the fault API; logs where each listens. */
    public static DemoUpstream start(DemoSettings settings, Clock clock) {
        List<Instance> instances = new ArrayList<>();
        Faults healthy = Faults.healthy(settings.latencyMs(), settings.capacityRps());
        for (int i = 0; i < settings.ports().size(); i++) {
            String name = settings.service() + "-" + (i + 1);
            Instance instance = Instance.start(
                    settings.service(), name, settings.bind(), settings.ports().get(i), healthy, clock);
            instances.add(instance);
            LOG.log(
                    System.Logger.Level.INFO,
                    "listening instance={0} port={1,number,#} latencyMs={2,number,#}" + " capacityRps={3,number,#}",
                    name,
                    instance.port(),
                    settings.latencyMs(),
                    settings.capacityRps());
        }
        FaultApi api = FaultApi.start(instances, settings.bind(), settings.controlPort(), clock);
        LOG.log(
                System.Logger.Level.INFO,
                "fault api listening service={0} port={1,number,#}",
                settings.service(),
                api.port());
        return new DemoUpstream(instances, api);
    }

    public List<Instance> instances() {
        return instances;
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        api.close();
        instances.forEach(Instance::close);
    }
}
