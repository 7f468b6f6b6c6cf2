package dev.tauon.nn.io;

import dev.tauon.core.io.Excerpt;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed safetensors header: the tensor entries in file order, the {@code __metadata__} strings
 * and the checksums found among them. Parsing follows the one shape a header has (an object of
 * tensor entries and one metadata object of strings) and counts as it goes, so that every limit of
 * {@link SafeTensors} is checked before the element beyond it is allocated.
 *
 * @param metadata  the metadata without the checksum entries
 * @param checksums each checksum entry, by the name of the tensor it is for
 */
record SafeTensorsHeader(List<TensorEntry> tensors, Map<String, String> metadata, Map<String, Checksum> checksums) {
    /** A checksum entry: the CRC32C it states, and where its key is, for errors. */
    record Checksum(int crc32c, long keyOffset) {}

    /** Parses the whole header from {@code json}: F32 tensors, and I8 ones if {@code int8}. */
    static SafeTensorsHeader parse(HeaderJson json, boolean int8) throws IOException {
        return parse(json, int8 ? Dtype.TAUON_INT8 : Dtype.TAUON);
    }

    /** Parses the whole header from {@code json}, refusing a tensor of a dtype not in {@code accepted}. */
    static SafeTensorsHeader parse(HeaderJson json, Set<Dtype> accepted) throws IOException {
        return new Parser(json, accepted).header();
    }

    private static final class Parser {
        private static final String METADATA = "__metadata__";
        private static final String[] FIELDS = {"dtype", "shape", "data_offsets"};
        private static final String[] DTYPES =
                Arrays.stream(Dtype.values()).map(Dtype::name).toArray(String[]::new);

        private final HeaderJson json;
        /** The dtypes read: F32, with I8 for a quantised model's file, or a PyTorch state dict's. */
        private final Set<Dtype> accepted;

        private final Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, Checksum> checksums = new LinkedHashMap<>();
        private final long[] scratch = new long[SafeTensors.MAX_RANK];

        Parser(HeaderJson json, Set<Dtype> accepted) {
            this.json = json;
            this.accepted = accepted;
        }

        SafeTensorsHeader header() throws IOException {
            boolean metadataSeen = false;
            json.expect('{', "at the start of the header");
            if (!json.consume('}')) {
                do {
                    long keyAt = json.position();
                    String key = json.string(SafeTensors.MAX_NAME_BYTES, "a tensor name");
                    expect(':', "after the key ", key);
                    if (key.equals(METADATA)) {
                        if (metadataSeen) {
                            throw json.malformed(keyAt, "duplicate key " + Excerpt.of(key));
                        }
                        metadataSeen = true;
                        metadata();
                    } else {
                        if (tensors.size() == SafeTensors.MAX_TENSORS) {
                            throw json.beyondLimit(
                                    keyAt,
                                    "more than " + SafeTensors.MAX_TENSORS + " tensors (SafeTensors.MAX_TENSORS)");
                        }
                        if (tensors.containsKey(key)) {
                            throw json.malformed(keyAt, "duplicate key " + Excerpt.of(key));
                        }
                        tensors.put(key, entry(key, keyAt));
                    }
                } while (json.consume(','));
                json.expect('}', "after the last tensor");
            }
            json.expectEnd();
            for (Map.Entry<String, Checksum> c : checksums.entrySet()) {
                if (!tensors.containsKey(c.getKey())) {
                    throw json.malformed(
                            c.getValue().keyOffset(),
                            "checksum " + Excerpt.of(TensorChecksums.key(c.getKey()))
                                    + " is for a tensor the file does not have");
                }
            }
            // Tauon writes a checksum for every tensor or (other tools) none: one missing means its key is damaged
            if (!checksums.isEmpty() && checksums.size() < tensors.size()) {
                for (TensorEntry e : tensors.values()) {
                    if (!checksums.containsKey(e.name())) {
                        throw json.malformed(
                                e.keyOffset(),
                                "tensor " + Excerpt.of(e.name()) + " has no checksum though"
                                        + " the file has them for other tensors (its key "
                                        + Excerpt.of(TensorChecksums.key(e.name()))
                                        + " is missing or damaged)");
                    }
                }
            }
            return new SafeTensorsHeader(List.copyOf(tensors.values()), metadata, checksums);
        }

        private void metadata() throws IOException {
            long at = json.position();
            if (!json.consume('{')) {
                throw json.malformed(
                        at, "__metadata__ must be an object of strings, found " + HeaderJson.describe(json.peek()));
            }
            if (json.consume('}')) {
                return;
            }
            int prefix = SafeTensors.CHECKSUM_PREFIX.length();
            do {
                long keyAt = json.position();
                // a checksum key is the prefix and a tensor name, which may use all of MAX_NAME_BYTES
                boolean checksum = json.stringStartsWith(SafeTensors.CHECKSUM_PREFIX);
                String key = checksum
                        ? json.string(
                                prefix + SafeTensors.MAX_NAME_BYTES, "a checksum key (the prefix and a tensor name)")
                        : json.string(SafeTensors.MAX_NAME_BYTES, "a metadata key");
                checksum = key.startsWith(SafeTensors.CHECKSUM_PREFIX); // also when the prefix is written with escapes
                expect(':', "after the key ", key);
                long valueAt = json.position();
                if (json.peek() != '"') {
                    throw json.malformed(valueAt, "__metadata__ value of " + Excerpt.of(key) + " is not a string");
                }
                if (checksum) {
                    if (checksums.size() == SafeTensors.MAX_TENSORS) {
                        throw json.beyondLimit(
                                keyAt,
                                "more than " + SafeTensors.MAX_TENSORS
                                        + " checksums (one a tensor, SafeTensors.MAX_TENSORS)");
                    }
                    String value = json.string(SafeTensors.MAX_NAME_BYTES, "a checksum");
                    Checksum c = new Checksum(TensorChecksums.parse(json, valueAt, key, value), keyAt);
                    if (checksums.put(key.substring(prefix), c) != null) {
                        throw json.malformed(keyAt, "duplicate key " + Excerpt.of(key));
                    }
                } else {
                    if (metadata.size() == SafeTensors.MAX_METADATA_ENTRIES) {
                        throw json.beyondLimit(
                                keyAt,
                                "more than " + SafeTensors.MAX_METADATA_ENTRIES
                                        + " metadata entries (SafeTensors.MAX_METADATA_ENTRIES)");
                    }
                    if (metadata.put(key, json.string(Long.MAX_VALUE, "a metadata value")) != null) {
                        throw json.malformed(keyAt, "duplicate key " + Excerpt.of(key));
                    }
                }
            } while (json.consume(','));
            json.expect('}', "after the last metadata entry");
        }

        private TensorEntry entry(String name, long keyAt) throws IOException {
            long at = json.position();
            if (!json.consume('{')) {
                throw json.malformed(
                        at,
                        "tensor " + Excerpt.of(name) + ": expected an object, found "
                                + HeaderJson.describe(json.peek()));
            }
            String dtype = null;
            long dtypeAt = -1;
            long[] shape = null;
            long shapeAt = -1;
            long[] offsets = null;
            long offsetsAt = -1;
            if (!json.consume('}')) {
                do {
                    long fieldAt = json.position();
                    String field = json.string(SafeTensors.MAX_NAME_BYTES, "a field name", FIELDS);
                    expect(':', "after the key ", field);
                    boolean repeated;
                    switch (field) {
                        case "dtype" -> {
                            repeated = dtype != null;
                            dtypeAt = json.position();
                            dtype = json.string(SafeTensors.MAX_NAME_BYTES, "a dtype", DTYPES);
                        }
                        case "shape" -> {
                            repeated = shape != null;
                            shapeAt = json.position();
                            shape = integers(name, "shape", SafeTensors.MAX_RANK);
                        }
                        case "data_offsets" -> {
                            repeated = offsets != null;
                            offsetsAt = json.position();
                            offsets = integers(name, "data_offsets", 2);
                        }
                        default ->
                            throw json.malformed(
                                    fieldAt, "tensor " + Excerpt.of(name) + ": unknown field " + Excerpt.of(field));
                    }
                    if (repeated) {
                        throw json.malformed(
                                fieldAt, "tensor " + Excerpt.of(name) + ": duplicate key " + Excerpt.of(field));
                    }
                } while (json.consume(','));
                expect('}', "after the fields of tensor ", name);
            }
            String missing =
                    dtype == null ? "dtype" : shape == null ? "shape" : offsets == null ? "data_offsets" : null;
            if (missing != null) {
                throw json.malformed(at, "tensor " + Excerpt.of(name) + ": no " + missing);
            }
            if (offsets.length != 2) {
                throw json.malformed(offsetsAt, "tensor " + Excerpt.of(name) + ": data_offsets must be [begin, end]");
            }
            Dtype type = Dtype.named(dtype);
            if (type == Dtype.I8 && !accepted.contains(Dtype.I8)) {
                throw json.unusable(
                        dtypeAt,
                        "tensor " + Excerpt.of(name) + ": dtype \"I8\" is a quantised model's;"
                                + " float weights are F32 (read an int8 file with QuantizedModel.load)");
            }
            if (type == null || !accepted.contains(type)) {
                throw json.unusable(
                        dtypeAt,
                        "tensor " + Excerpt.of(name) + ": dtype " + Excerpt.of(dtype)
                                + (accepted.contains(Dtype.F16)
                                        ? " is not supported (a PyTorch state dict is read from F32, F64, F16, BF16,"
                                                + " and I64 or I32 for num_batches_tracked)"
                                        : " is not supported (Tauon reads F32, and I8 for quantised models;"
                                                + " PyTorchStateDict reads PyTorch's F64, F16 and BF16)"));
            }
            return TensorEntry.of(json, name, keyAt, shape, shapeAt, offsets, offsetsAt, type);
        }

        /**
         * An array of at most {@code max} integers; an element past {@code max} is an error before it
         * is read: for a shape, Tauon's rank limit; for data_offsets, which are two, a malformed header.
         */
        private long[] integers(String name, String field, int max) throws IOException {
            if (!json.consume('[')) {
                throw json.expected('[', "to start the " + field + " of tensor " + Excerpt.of(name));
            }
            int n = 0;
            if (!json.consume(']')) {
                do {
                    if (n == max) {
                        long at = json.position();
                        String problem = "tensor " + Excerpt.of(name) + ": " + field + " has more than " + max;
                        throw field.equals("shape")
                                ? json.beyondLimit(at, problem + " dimensions (SafeTensors.MAX_RANK)")
                                : json.malformed(at, problem + " entries");
                    }
                    scratch[n++] = json.integer();
                } while (json.consume(','));
                if (!json.consume(']')) {
                    throw json.expected(']', "to end the " + field + " of tensor " + Excerpt.of(name));
                }
            }
            return Arrays.copyOf(scratch, n);
        }

        /** {@link HeaderJson#expect}, with the message built only for the error. */
        private void expect(char c, String where, String name) throws IOException {
            if (!json.consume(c)) {
                throw json.expected(c, where + Excerpt.of(name));
            }
        }
    }
}
