package dev.gatehouse.mfa;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The QR code is a real PNG (read by the JDK's decoder) that a QR reader turns back into the URI. */
class QrCodesTest {

    @Test
    void pngDataUrlWhenDecodedThenTheSameText() throws Exception {
        String uri = "otpauth://totp/Gatehouse:ann%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Gatehouse";
        String url = QrCodes.pngDataUrl(uri);
        assertTrue(url.startsWith("data:image/png;base64,"), url.substring(0, 30));
        byte[] png = Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a PNG the JDK can read");
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
        assertEquals(uri, decoded);
    }
}
