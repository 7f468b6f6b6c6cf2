package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.nn.train.EpochResult;
import dev.tauon.nn.train.History;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @Test
    void curvesAndConfusionAreReadablePngs(@TempDir Path dir) throws Exception {
        History history = new History();
        history.add(new EpochResult(1, 1.6, 0.41, 1.3, 0.52, 20, 2000));
        history.add(new EpochResult(2, 1.2, 0.57, 1.1, 0.61, 19, 2100));
        history.add(new EpochResult(3, 1.0, 0.65, Double.NaN, Double.NaN, 19, 2110));
        Charts.writeCurves(dir.resolve("curves.png"), history);
        BufferedImage curves = ImageIO.read(dir.resolve("curves.png").toFile());
        assertNotNull(curves);
        assertEquals(900, curves.getWidth());

        ConfusionMatrix m = new ConfusionMatrix(new String[] {"cat", "dog", "frog"});
        m.add(0, 0);
        m.add(0, 0);
        m.add(1, 2);
        m.add(2, 2);
        assertEquals(0.75, m.accuracy(), 1e-12);
        assertEquals("actual\\predicted,cat,dog,frog\ncat,2,0,0\ndog,0,0,1\nfrog,0,0,1\n", m.toCsv());
        Charts.writeConfusion(dir.resolve("confusion.png"), m);
        assertNotNull(ImageIO.read(dir.resolve("confusion.png").toFile()));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left behind");
        }
    }
}
