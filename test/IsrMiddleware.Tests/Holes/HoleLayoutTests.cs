using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using IsrMiddleware.Model;

namespace IsrMiddleware.Tests.Holes;

public sealed class HoleLayoutTests
{
    private const string Nonce = "0123456789abcdef";

    private static string Hole(string name, string fallback, string nonce = Nonce) => HoleMarkers.Start(nonce, name) + fallback + HoleMarkers.End(nonce);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    [Fact]
    public void A_shell_is_cut_into_segments_around_its_holes_in_page_order()
    {
        var body = Encoding.UTF8.GetBytes("<head></head>" + Hole("greeting", "Not signed in") + "<main>x</main>" + Hole("cart", "0") + "</html>");

        var layout = HoleLayout.Parse(body, Nonce)!;

        Assert.Equal(["<head></head>", "<main>x</main>", "</html>"], layout.Segments.Select(Text));
        Assert.Equal(["greeting", "cart"], layout.Holes.Select(hole => hole.Name));
        Assert.Equal(["Not signed in", "0"], layout.Holes.Select(hole => Text(hole.Fallback)));
        Assert.Equal("<head></head>Not signed in<main>x</main>0</html>", Encoding.UTF8.GetString(layout.WithFallbacks()));
    }

    [Fact]
    public void Marker_text_with_another_nonce_is_page_content_not_a_hole()
    {
        // Content from a CMS cannot know the render's nonce.
        var forged = Hole("greeting", "forged", nonce: "ffffffffffffffff");
        var body = Encoding.UTF8.GetBytes("<p>" + forged + "</p>" + Hole("greeting", "real"));

        var layout = HoleLayout.Parse(body, Nonce)!;

        Assert.Single(layout.Holes);
        Assert.Equal("<p>" + forged + "</p>", Text(layout.Segments[0]));
    }

    [Theory]
    [InlineData("<!--isr-hole:0123456789abcdef:a-->unclosed")]
    [InlineData("<!--isr-hole:0123456789abcdef:a--><!--isr-hole:0123456789abcdef:b-->x<!--/isr-hole:0123456789abcdef--><!--/isr-hole:0123456789abcdef-->")]
    [InlineData("stray end<!--/isr-hole:0123456789abcdef-->")]
    [InlineData("<!--isr-hole:0123456789abcdef:bad name-->x<!--/isr-hole:0123456789abcdef-->")]
    public void Malformed_markers_do_not_parse(string body) => Assert.Null(HoleLayout.Parse(Encoding.UTF8.GetBytes(body), Nonce));

    [Fact]
    public void A_page_without_the_nonce_header_has_no_holes_even_with_marker_text()
    {
        var page = new StoredPage { Key = "/", ETag = "\"e\"", Body = Encoding.UTF8.GetBytes(Hole("greeting", "x")) };

        Assert.False(page.Holes.HasHoles);
    }

    [Fact]
    public void The_esi_shell_includes_each_hole_from_the_endpoint_with_its_page_and_slot()
    {
        var layout = HoleLayout.Parse(Encoding.UTF8.GetBytes("<a>" + Hole("greeting", "anon") + "</a>"), Nonce)!;

        var esi = Encoding.UTF8.GetString(layout.EsiBody("/_isr/holes", "/blog/a b"));

        Assert.Equal("<a><esi:include src=\"/_isr/holes/greeting?page=%2Fblog%2Fa%20b&slot=0\"/></a>", esi);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    [InlineData(7, 3000)]
    [InlineData(20_000, 17)]
    [InlineData(65_537, 131_073)]
    public void The_crc_of_a_concatenation_comes_from_the_crcs_of_its_parts(int first, int second)
    {
        var random = new Random(first * 31 + second);
        var a = new byte[first];
        var b = new byte[second];
        random.NextBytes(a);
        random.NextBytes(b);

        var combined = Crc32Concatenation.Append(Crc32.HashToUInt32(a), Crc32.HashToUInt32(b), Crc32Concatenation.ShiftOf(b.Length));

        Assert.Equal(Crc32.HashToUInt32([.. a, .. b]), combined);
    }

    [Fact]
    public void Compressed_and_stored_parts_make_one_gzip_member_whose_trailer_covers_every_part()
    {
        string[] parts = ["<html><head>" + new string('h', 3000) + "</head>", "Signed in as Ann", "<body>" + new string('b', 5000) + "</body></html>"];
        using var body = new MemoryStream();
        body.Write(GzipParts.Header);
        var trailer = new GzipParts();
        var stored = new System.Buffers.ArrayBufferWriter<byte>();
        GzipParts.WriteStored(stored, Encoding.UTF8.GetBytes(parts[1] + new string('s', 70_000)));
        parts[1] += new string('s', 70_000); // more than one stored block holds
        for (var i = 0; i < parts.Length; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(parts[i]);
            trailer.Add(bytes);
            body.Write(i == 1 ? stored.WrittenSpan : GzipParts.Compress(bytes, CompressionLevel.Fastest));
        }

        body.Write(trailer.End());
        var gzip = body.ToArray();

        // A browser reads one member only: the raw DEFLATE after the header must hold the whole page and end exactly
        // where the 8-byte trailer begins.
        using var input = new MemoryStream(gzip, 10, gzip.Length - 10 - 8);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        using var page = new MemoryStream();
        inflate.CopyTo(page);
        var expected = Encoding.UTF8.GetBytes(string.Concat(parts));
        Assert.Equal(expected, page.ToArray());
        Assert.Equal(Crc32.HashToUInt32(expected), BinaryPrimitives.ReadUInt32LittleEndian(gzip.AsSpan(gzip.Length - 8)));
        Assert.Equal((uint)expected.Length, BinaryPrimitives.ReadUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4)));
        using var whole = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var again = new MemoryStream();
        whole.CopyTo(again);
        Assert.Equal(expected, again.ToArray());
    }
}
