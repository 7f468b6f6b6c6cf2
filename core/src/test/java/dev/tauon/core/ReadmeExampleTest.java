package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's code sample, compiled and run here so that it cannot rot. */
class ReadmeExampleTest {

    @Test
    void readmeSampleRuns() {
        // README sample start
        Generator gen = new Generator(42);
        Tensor w = Tensor.uniform(gen, -0.1f, 0.1f, 3, 1).requiresGrad(true);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor y = Tensor.of(new float[] {1, 0}, 2, 1);
        for (int step = 0; step < 200; step++) {
            Tensor loss = x.matmul(w).sigmoid().sub(y).pow(2).mean();
            w.zeroGrad();
            loss.backward();
            try (NoGrad scope = NoGrad.enter()) {
                float[] wd = w.data();
                float[] g = w.grad().data();
                for (int i = 0; i < wd.length; i++) {
                    wd[i] -= 0.5f * g[i];
                }
            }
        }
        System.out.println(x.matmul(w).sigmoid()); // Tensor[2, 1] [0.8784856, 0.07697928] grad_fn=sigmoid
        // README sample end
        Tensor p = x.matmul(w).sigmoid();
        assertTrue(p.get(0, 0) > 0.8f && p.get(1, 0) < 0.2f, p.toString());
        assertEquals("Tensor[2, 1] [0.8784856, 0.07697928] grad_fn=sigmoid", p.toString(), "the README's comment");
    }

    @Test
    void readmeShowsThisSample() throws IOException {
        Path root = Path.of(System.getenv().getOrDefault("TAUON_PROJECT_ROOT", ".."));
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve("core/src/test/java/dev/tauon/core/ReadmeExampleTest.java"));
        String sample = source.substring(source.indexOf("// README sample start") + "// README sample start".length(),
                source.indexOf("        // README sample end"));
        for (String line : sample.strip().split("\n")) {
            assertTrue(readme.contains(line.substring(Math.min(line.length(), 8)).stripTrailing()),
                    "README.md lacks the sample line: " + line.strip());
        }
        assertTrue(readme.contains("```java"), "README has a java sample");
    }
}
