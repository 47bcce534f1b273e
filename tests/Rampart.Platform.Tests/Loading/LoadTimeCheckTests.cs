using System.Runtime.Loader;
using CsCheck;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;

namespace Rampart.Platform.Tests.Loading;

public sealed class LoadTimeCheckTests
{
    private static byte[] Image(string construct) => construct switch
    {
        "console" => Build(c => c.CallStatic(c.Type("System", "Console"), "WriteLine", c.Types.Void, c.Types.String)),
        "environment" => Build(c => c.CallStatic(c.Type("System", "Environment"), "get_TickCount", c.Types.Int32)),
        "reflection type" => Build(c => c.CallStatic(c.Type("System.Reflection", "Assembly"), "GetExecutingAssembly", c.Types.Object)),
        "reflection member" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldtoken, c.App);
            c.Il.Emit(OpCodes.Call, c.Method(c.Type("System", "Type"), "GetTypeFromHandle", c.Type("System", "Type"), false, c.Type("System", "RuntimeTypeHandle", true)));
            c.Il.Emit(OpCodes.Ldstr, "Run");
            c.Il.Emit(OpCodes.Callvirt, c.Method(c.Type("System", "Type"), "GetMethod", c.Types.Object, true, c.Types.String));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "unsafe" => Build(c => c.CallStatic(c.Type("System.Runtime.CompilerServices", "Unsafe"), "SkipInit", c.Types.Void)),
        "memory marshal" => Build(c => c.CallStatic(c.Type("System.Runtime.InteropServices", "MemoryMarshal"), "GetArrayDataReference", c.Types.Void)),
        "marshal" => Build(c => c.CallStatic(c.Type("System.Runtime.InteropServices", "Marshal"), "AllocHGlobal", c.Types.IntPtr, c.Types.Int32)),
        "thread" => Build(c => c.CallStatic(c.Type("System.Threading", "Thread"), "Sleep", c.Types.Void, c.Types.Int32)),
        "task run" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Call, c.Method(c.Type("System.Threading.Tasks", "Task"), "Run", c.Type("System.Threading.Tasks", "Task"), false, c.Type("System", "Action")));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "timer" => Build(c => c.CallStatic(c.Type("System.Threading", "Timer"), "get_ActiveCount", c.Types.Int64)),
        "file" => Build(c => c.CallStatic(c.Type("System.IO", "File"), "ReadAllBytes", c.Types.Object, c.Types.String)),
        "socket" => Build(c => c.CallStatic(c.Type("System.Net.Sockets", "Socket"), "get_OSSupportsIPv6", c.Types.Boolean)),
        "array pool" => Build(c =>
        {
            var pool = new GenericInstanceType(c.Type("System.Buffers", "ArrayPool`1"));
            pool.GenericArguments.Add(c.Types.Byte);
            c.Il.Emit(OpCodes.Call, c.Method(pool, "get_Shared", c.Types.Object, false));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "p/invoke" => Build(c =>
        {
            var native = new ModuleReference("libc");
            c.Module.ModuleReferences.Add(native);
            var getpid = new MethodDefinition("getpid", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.PInvokeImpl | MethodAttributes.HideBySig, c.Types.Int32);
            getpid.PInvokeInfo = new PInvokeInfo(PInvokeAttributes.CallConvCdecl, "getpid", native);
            c.App.Methods.Add(getpid);
            c.Il.Emit(OpCodes.Ret);
        }),
        "localloc" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I4, 64);
            c.Il.Emit(OpCodes.Localloc);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "calli" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I4, 4096);
            c.Il.Emit(OpCodes.Conv_I);
            c.Il.Emit(OpCodes.Calli, new CallSite(c.Types.Void));
            c.Il.Emit(OpCodes.Ret);
        }),
        "ldind on an integer" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I4, 4096);
            c.Il.Emit(OpCodes.Conv_I);
            c.Il.Emit(OpCodes.Ldind_I4);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "stind on an integer" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I4, 4096);
            c.Il.Emit(OpCodes.Conv_I);
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Stind_I4);
            c.Il.Emit(OpCodes.Ret);
        }),
        "span over an address" => Build(c =>
        {
            var span = new GenericInstanceType(c.Type("System", "Span`1", true));
            span.GenericArguments.Add(c.Types.Byte);
            var ctor = c.Method(span, ".ctor", c.Types.Void, true, new PointerType(c.Types.Void), c.Types.Int32);
            c.Il.Emit(OpCodes.Ldc_I4, 4096);
            c.Il.Emit(OpCodes.Conv_U);
            c.Il.Emit(OpCodes.Ldc_I4, 16);
            c.Il.Emit(OpCodes.Newobj, ctor);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "pointer local" => Build(c =>
        {
            c.Run.Body.Variables.Add(new VariableDefinition(new PointerType(c.Types.Int32)));
            c.Il.Emit(OpCodes.Ret);
        }),
        "function pointer" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldftn, c.Run);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "mutable static" => Build(c =>
        {
            c.App.Fields.Add(new FieldDefinition("Counter", FieldAttributes.Public | FieldAttributes.Static, c.Types.Int32));
            c.Il.Emit(OpCodes.Ret);
        }),
        "write to a read-only static" => Build(c =>
        {
            var field = new FieldDefinition("Limit", FieldAttributes.Public | FieldAttributes.Static | FieldAttributes.InitOnly, c.Types.Int32);
            c.App.Fields.Add(field);
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Stsfld, field);
            c.Il.Emit(OpCodes.Ret);
        }),
        "explicit layout" => Build(c =>
        {
            var overlay = new TypeDefinition("Emitted", "Overlay", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.ExplicitLayout, c.Type("System", "ValueType"));
            overlay.Fields.Add(new FieldDefinition("A", FieldAttributes.Public, c.Types.Int64) { Offset = 0 });
            c.Module.Types.Add(overlay);
            c.Il.Emit(OpCodes.Ret);
        }),
        "module initializer" => Build(c =>
        {
            var cctor = new MethodDefinition(".cctor", MethodAttributes.Static | MethodAttributes.Private | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName | MethodAttributes.HideBySig, c.Types.Void);
            cctor.Body.GetILProcessor().Emit(OpCodes.Ret);
            c.Module.Types.Single(t => t.Name == "<Module>").Methods.Add(cctor);
            c.Il.Emit(OpCodes.Ret);
        }),
        "reserved name" => Build(c =>
        {
            c.Module.Types.Add(new TypeDefinition(string.Empty, "<Rampart>Meter", TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed, c.Types.Object));
            c.Il.Emit(OpCodes.Ret);
        }),
        "forbidden assembly" => Build(c =>
        {
            var console = new AssemblyNameReference("System.Console", new Version(10, 0, 0, 0));
            c.Module.AssemblyReferences.Add(console);
            c.Il.Emit(OpCodes.Call, c.Method(new TypeReference("System", "Console", c.Module, console), "Beep", c.Types.Void, false));
            c.Il.Emit(OpCodes.Ret);
        }),
        "delegate from an integer" => Build(c =>
        {
            var action = c.Type("System", "Action");
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Ldc_I4, 4096);
            c.Il.Emit(OpCodes.Conv_I);
            c.Il.Emit(OpCodes.Newobj, c.Method(action, ".ctor", c.Types.Void, true, c.Types.Object, c.Types.IntPtr));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "integer passed by ref" => Build(c =>
        {
            var read = c.AddStatic("Read", c.Types.Int32, new ByReferenceType(c.Types.Int32));
            var il = read.Body.GetILProcessor();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldind_I4);
            il.Emit(OpCodes.Ret);
            c.Il.Emit(OpCodes.Ldc_I4, 4096);
            c.Il.Emit(OpCodes.Conv_I);
            c.Il.Emit(OpCodes.Call, read);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "field read through an integer" => Build(c =>
        {
            var field = new FieldDefinition("Value", FieldAttributes.Public, c.Types.Int32);
            c.App.Fields.Add(field);
            c.Il.Emit(OpCodes.Ldc_I4, 4096);
            c.Il.Emit(OpCodes.Conv_I);
            c.Il.Emit(OpCodes.Ldfld, field);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(construct)),
    };

    [Theory]
    [InlineData("console", LoadRefusalReason.ForbiddenType, "System.Console")]
    [InlineData("environment", LoadRefusalReason.ForbiddenType, "System.Environment")]
    [InlineData("reflection type", LoadRefusalReason.ForbiddenType, "System.Reflection.Assembly")]
    [InlineData("reflection member", LoadRefusalReason.ForbiddenMember, "System.Type::GetMethod")]
    [InlineData("unsafe", LoadRefusalReason.ForbiddenType, "System.Runtime.CompilerServices.Unsafe")]
    [InlineData("memory marshal", LoadRefusalReason.ForbiddenType, "System.Runtime.InteropServices.MemoryMarshal")]
    [InlineData("marshal", LoadRefusalReason.ForbiddenType, "System.Runtime.InteropServices.Marshal")]
    [InlineData("thread", LoadRefusalReason.ForbiddenType, "System.Threading.Thread")]
    [InlineData("task run", LoadRefusalReason.ForbiddenMember, "System.Threading.Tasks.Task::Run")]
    [InlineData("timer", LoadRefusalReason.ForbiddenType, "System.Threading.Timer")]
    [InlineData("file", LoadRefusalReason.ForbiddenType, "System.IO.File")]
    [InlineData("socket", LoadRefusalReason.ForbiddenType, "System.Net.Sockets.Socket")]
    [InlineData("array pool", LoadRefusalReason.ForbiddenMember, "System.Buffers.ArrayPool`1::get_Shared")]
    [InlineData("p/invoke", LoadRefusalReason.PInvoke, "libc")]
    [InlineData("localloc", LoadRefusalReason.PointerOpcode, "localloc")]
    [InlineData("calli", LoadRefusalReason.FunctionPointer, "calli")]
    [InlineData("ldind on an integer", LoadRefusalReason.PointerOpcode, "ldind.i4")]
    [InlineData("stind on an integer", LoadRefusalReason.PointerOpcode, "stind.i4")]
    [InlineData("span over an address", LoadRefusalReason.PointerOpcode, "System.Span`1::.ctor")]
    [InlineData("pointer local", LoadRefusalReason.PointerOpcode, "pointer type in local")]
    [InlineData("function pointer", LoadRefusalReason.FunctionPointer, "ldftn")]
    [InlineData("mutable static", LoadRefusalReason.MutableStaticField, "Emitted.App::Counter")]
    [InlineData("write to a read-only static", LoadRefusalReason.MutableStaticField, "Emitted.App::Limit")]
    [InlineData("explicit layout", LoadRefusalReason.ExplicitLayout, "Emitted.Overlay")]
    [InlineData("module initializer", LoadRefusalReason.ReservedName, "<Module>")]
    [InlineData("reserved name", LoadRefusalReason.ReservedName, "<Rampart>Meter")]
    [InlineData("forbidden assembly", LoadRefusalReason.ForbiddenAssembly, "System.Console")]
    [InlineData("delegate from an integer", LoadRefusalReason.FunctionPointer, "delegate built from something other than ldftn")]
    [InlineData("integer passed by ref", LoadRefusalReason.PointerOpcode, "passed by ref")]
    [InlineData("field read through an integer", LoadRefusalReason.PointerOpcode, "ldfld on a native address")]
    public void A_refused_construct_is_refused_by_name(string construct, LoadRefusalReason reason, string named)
    {
        var refusal = AppCodeLoader.Check(Image(construct));

        Assert.Equal(reason, refusal.Reason);
        Assert.Contains(named, refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_assembly_never_gets_a_context_and_never_runs()
    {
        var image = Build(c =>
        {
            // Would run at type load if it ever got that far.
            var cctor = new MethodDefinition(".cctor", MethodAttributes.Static | MethodAttributes.Private | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName | MethodAttributes.HideBySig, c.Types.Void);
            var il = cctor.Body.GetILProcessor();
            il.Emit(OpCodes.Ldstr, "ran");
            il.Emit(OpCodes.Call, c.Method(c.Type("System", "Console"), "WriteLine", c.Types.Void, false, c.Types.String));
            il.Emit(OpCodes.Ret);
            c.App.Methods.Add(cctor);
            c.Il.Emit(OpCodes.Ret);
        }, out var name);
        var loader = new AppCodeLoader();

        Assert.False(loader.TryLoadApp(image, AppLoadLimits.Default, out var app, out var refusal));

        Assert.Null(app);
        Assert.Equal(LoadRefusalReason.ForbiddenType, refusal.Reason);
        Assert.Equal(1, loader.Refused);
        Assert.Equal(0, loader.Loaded);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == name);
        Assert.DoesNotContain(AssemblyLoadContext.All.SelectMany(c => c.Assemblies), a => a.GetName().Name == name);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("not a PE file", "4d5a0000")]
    [InlineData("text", "48656c6c6f2c20776f726c6421")]
    public void Malformed_bytes_are_refused_without_throwing(string name, string hex)
    {
        Assert.NotNull(name);
        var refusal = AppCodeLoader.Check(Convert.FromHexString(hex));

        Assert.Equal(LoadRefusalReason.Malformed, refusal.Reason);
    }

    [Fact]
    public void Random_bytes_and_bit_flips_never_throw()
    {
        var valid = Build(c => c.Il.Emit(OpCodes.Ret));
        Gen.Byte.Array[0, 600].Sample(bytes => AppCodeLoader.Check(bytes).Reason != LoadRefusalReason.None, iter: 300);
        Gen.Int[0, (valid.Length * 8) - 1].Sample(bit =>
        {
            var copy = (byte[])valid.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            _ = AppCodeLoader.Check(copy);
        }, iter: 500);
    }

    [Fact]
    public void A_type_reference_nested_in_itself_is_refused_without_recursing()
    {
        // Point the first TypeRef's ResolutionScope at itself (coded index: row 1, tag 3 = TypeRef).
        // A flipped bit found this in a random run: naming the type recursed until the stack overflowed.
        var image = Build(c => c.Il.Emit(OpCodes.Ret));
        using (var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image)))
        {
            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            Assert.True(System.Reflection.Metadata.Ecma335.MetadataReaderExtensions.GetTableRowCount(reader, System.Reflection.Metadata.Ecma335.TableIndex.TypeRef) > 0);
            var offset = pe.PEHeaders.MetadataStartOffset + System.Reflection.Metadata.Ecma335.MetadataReaderExtensions.GetTableMetadataOffset(reader, System.Reflection.Metadata.Ecma335.TableIndex.TypeRef);
            image[offset] = (1 << 2) | 3;
            image[offset + 1] = 0;
        }

        var refusal = AppCodeLoader.Check(image);
        Assert.NotEqual(LoadRefusalReason.None, refusal.Reason);
    }

    [Fact]
    public void A_stream_header_whose_offset_plus_size_overflows_is_refused()
    {
        // Found by AFL (fuzz/run-afl.sh loader) from a build of rampart-fuzz.dll: System.Reflection.Metadata
        // threw OverflowException reading the stream headers, and the exception escaped the check.
        var image = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Loading", "Corpus", "stream-header-overflow.bin"));
        var refusal = AppCodeLoader.Check(image);
        Assert.Equal(LoadRefusalReason.Malformed, refusal.Reason);
        Assert.Contains("overflow", refusal.Detail, StringComparison.OrdinalIgnoreCase);
    }
}
