package dev.gatehouse.mfa;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * QR codes as PNG data URLs: the matrix from ZXing's core, written as a 1-bit grayscale PNG here
 * (a few lines against the PNG spec instead of ZXing's {@code javase} module, which pulls in AWT and
 * ImageIO: heavier, and not native-image friendly).
 */
final class QrCodes {

    /** Pixels per module. */
    private static final int SCALE = 6;
    /** Quiet zone in modules (the QR spec asks for four). */
    private static final int MARGIN = 4;

    private QrCodes() {
    }

    static String pngDataUrl(String text) {
        try {
            BitMatrix modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, MARGIN,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(modules));
        } catch (WriterException | IOException e) {
            throw new IllegalStateException("QR code could not be drawn", e);
        }
    }

    /** A 1-bit grayscale PNG of {@code modules} (set = black), each module {@link #SCALE} pixels square. */
    static byte[] png(BitMatrix modules) throws IOException {
        int width = modules.getWidth() * SCALE;
        int height = modules.getHeight() * SCALE;
        int rowBytes = (width + 7) / 8;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
            byte[] row = new byte[rowBytes + 1]; // filter byte 0 (none), then the pixels
            for (int y = 0; y < height; y++) {
                java.util.Arrays.fill(row, (byte) 0);
                for (int x = 0; x < width; x++) {
                    boolean black = modules.get(x / SCALE, y / SCALE);
                    if (!black) { // bit 1 = white in grayscale
                        row[1 + x / 8] |= (byte) (0x80 >>> (x % 8));
                    }
                }
                z.write(row);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt(width);
        h.writeInt(height);
        h.writeByte(1); // bit depth
        h.writeByte(0); // grayscale
        h.writeByte(0); // deflate
        h.writeByte(0); // adaptive filtering
        h.writeByte(0); // no interlace
        chunk(data, "IHDR", header.toByteArray());
        chunk(data, "IDAT", raw.toByteArray());
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(body.length);
        out.write(t);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
