namespace ModelService.Onnx.Quantization;

/// <summary>
/// A [K, N] weight in MatMulNBits layout: for each output column, K split into blocks, each block's 4-bit codes
/// packed two per byte (even index in the low nibble); one float scale and one 4-bit zero point per block,
/// the zero points packed the same way per column.
/// </summary>
internal sealed record BlockQuantized4Bit(byte[] PackedWeights, float[] Scales, byte[] PackedZeroPoints, int BlocksPerColumn, int BlockSize)
{
    private const int Levels = 15;

    public static BlockQuantized4Bit Quantize(float[] weights, int rows, int columns, int blockSize)
    {
        var blocks = (rows + blockSize - 1) / blockSize;
        var blockBytes = blockSize / 2;
        var zeroPointBytes = (blocks + 1) / 2;
        var packed = new byte[columns * blocks * blockBytes];
        var scales = new float[columns * blocks];
        var zeroPoints = new byte[columns * zeroPointBytes];

        for (var n = 0; n < columns; n++)
        {
            for (var b = 0; b < blocks; b++)
            {
                var start = b * blockSize;
                var end = Math.Min(start + blockSize, rows);

                // The range always includes 0 so that zero weights (and K padding) are represented exactly.
                float min = 0, max = 0;
                for (var k = start; k < end; k++)
                {
                    var value = weights[(k * columns) + n];
                    min = Math.Min(min, value);
                    max = Math.Max(max, value);
                }

                var scale = max > min ? (max - min) / Levels : 1f;
                var zeroPoint = (int)Math.Clamp(MathF.Round(-min / scale, MidpointRounding.ToEven), 0, Levels);
                scales[(n * blocks) + b] = scale;
                zeroPoints[(n * zeroPointBytes) + (b / 2)] |= (byte)(zeroPoint << (b % 2 * 4));

                for (var k = start; k < start + blockSize; k++)
                {
                    var code = k < end
                        ? (int)Math.Clamp(MathF.Round(weights[(k * columns) + n] / scale, MidpointRounding.ToEven) + zeroPoint, 0, Levels)
                        : zeroPoint;
                    var offset = k - start;
                    packed[(((n * blocks) + b) * blockBytes) + (offset / 2)] |= (byte)(code << (offset % 2 * 4));
                }
            }
        }

        return new BlockQuantized4Bit(packed, scales, zeroPoints, blocks, blockSize);
    }
}
