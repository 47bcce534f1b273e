using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class HmacDrbgTests
{
    private static readonly HmacEngine Hmac = new();

    [Fact]
    public void Nist_cavp_sha256_count0_second_output_matches()
    {
        var drbg = new HmacDrbg(Hmac, ShaAlgorithm.Sha256,
            TestBytes.Hex("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488"),
            TestBytes.Hex("659ba96c601dc69fc902940805ec0ca8"), []);
        byte[] output = new byte[128];
        drbg.Generate(output);
        drbg.Generate(output);
        Assert.Equal(TestBytes.Hex("e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8"), output);
    }

    [Fact]
    public void Same_seed_gives_the_same_stream_and_another_seed_does_not()
    {
        byte[] a = Stream([1, 2, 3], 200);
        byte[] b = Stream([1, 2, 3], 200);
        byte[] c = Stream([1, 2, 4], 200);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Reseed_and_additional_input_change_the_stream()
    {
        var plain = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [9], [], []);
        var reseeded = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [9], [], []);
        var withInput = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [9], [], []);
        reseeded.Reseed([7]);
        byte[] x = new byte[48];
        byte[] y = new byte[48];
        byte[] z = new byte[48];
        plain.Generate(x);
        reseeded.Generate(y);
        withInput.Generate(z, [1]);
        Assert.NotEqual(x, y);
        Assert.NotEqual(x, z);
    }

    [Fact]
    public void Requests_above_the_sp800_90a_limit_are_served_in_chunks()
    {
        var drbg = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [5], [], []);
        var reference = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [5], [], []);
        byte[] big = new byte[HmacDrbg.MaxBytesPerRequest + 100];
        drbg.Generate(big);
        byte[] first = new byte[HmacDrbg.MaxBytesPerRequest];
        byte[] second = new byte[100];
        reference.Generate(first);
        reference.Generate(second);
        Assert.Equal([.. first, .. second], big);
    }

    [Fact]
    public void The_known_answer_test_does_not_disturb_the_state()
    {
        var a = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [1], [], []);
        var b = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [1], [], []);
        Assert.Equal(Verdict.Valid, a.RunKnownAnswerTest().Verdict);
        byte[] x = new byte[32];
        byte[] y = new byte[32];
        a.Generate(x);
        b.Generate(y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void The_reseed_counter_starts_at_one_and_counts_each_request()
    {
        var drbg = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [3], [], []);
        Assert.Equal(1, drbg.ReseedCounter);
        Assert.Equal(HmacDrbg.MaxReseedInterval, drbg.ReseedInterval);
        drbg.Generate(new byte[10]);
        drbg.Generate(new byte[HmacDrbg.MaxBytesPerRequest + 1]);
        Assert.Equal(4, drbg.ReseedCounter);
        drbg.Reseed([4]);
        Assert.Equal(1, drbg.ReseedCounter);
    }

    [Fact]
    public void Past_the_reseed_interval_generate_is_refused_until_reseeded()
    {
        var drbg = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [3], [], [], reseedInterval: 2);
        var reference = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [3], [], []);
        byte[] output = new byte[16];
        byte[] expected = new byte[16];
        Assert.Equal(DrbgStatus.Success, drbg.TryGenerate(output));
        Assert.Equal(DrbgStatus.Success, drbg.TryGenerate(output));

        output.AsSpan().Fill(0xAA);
        Assert.Equal(DrbgStatus.ReseedRequired, drbg.TryGenerate(output));
        Assert.All(output, b => Assert.Equal(0, b));
        Assert.Throws<DrbgReseedRequiredException>(() => drbg.Generate(output));
        Assert.Equal(3, drbg.ReseedCounter);

        drbg.Reseed([8]);
        reference.Generate(expected);
        reference.Generate(expected);
        reference.Reseed([8]);
        reference.Generate(expected);
        Assert.Equal(DrbgStatus.Success, drbg.TryGenerate(output));
        Assert.Equal(expected, output);
    }

    [Fact]
    public void A_chunked_request_that_would_cross_the_interval_is_refused_whole()
    {
        var drbg = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [3], [], [], reseedInterval: 2);
        drbg.Generate(new byte[1]);
        byte[] big = new byte[HmacDrbg.MaxBytesPerRequest + 1];
        big.AsSpan().Fill(0x55);
        Assert.Equal(DrbgStatus.ReseedRequired, drbg.TryGenerate(big));
        Assert.All(big, b => Assert.Equal(0, b));
        Assert.Equal(2, drbg.ReseedCounter);
        Assert.Equal(DrbgStatus.Success, drbg.TryGenerate(new byte[1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData((1L << 48) + 1)]
    public void A_reseed_interval_outside_sp800_90a_is_a_caller_bug(long interval)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HmacDrbg(Hmac, ShaAlgorithm.Sha384, [3], [], [], interval));
    }

    private static byte[] Stream(byte[] seed, int length)
    {
        var drbg = new HmacDrbg(Hmac, ShaAlgorithm.Sha384, seed, [], "p"u8);
        byte[] output = new byte[length];
        drbg.Generate(output);
        return output;
    }
}
