using System.Buffers.Binary;
using System.Text;

namespace Gateway.ConformanceUpstream.Media;

/// <summary>
/// The smallest media the scenarios accept: they check that image and audio content carry data
/// and a MIME type, never what the data shows or sounds like.
/// </summary>
public static class TestMedia
{
    public const string PngMimeType = "image/png";
    public const string WavMimeType = "audio/wav";

    /// <summary>A 1x1 PNG of one red pixel (8-bit RGB, no filter).</summary>
    public static ReadOnlyMemory<byte> RedPixelPng { get; } =
        Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    /// <summary>A tenth of a second of silence: RIFF/WAVE, PCM, 8 kHz, mono, 8 bits.</summary>
    public static ReadOnlyMemory<byte> SilentWav { get; } = Silence(sampleRate: 8000, samples: 800);

    private static byte[] Silence(int sampleRate, int samples)
    {
        const int HeaderLength = 44;
        var wav = new byte[HeaderLength + samples];
        var span = wav.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], wav.Length - 8);
        Encoding.ASCII.GetBytes("WAVEfmt ", span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);          // fmt chunk length
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);           // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);           // channels
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate);  // bytes per second
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 1);           // block align
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 8);           // bits per sample
        Encoding.ASCII.GetBytes("data", span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples);
        span[HeaderLength..].Fill(0x80);                                   // unsigned 8-bit: 128 is silence
        return wav;
    }
}
