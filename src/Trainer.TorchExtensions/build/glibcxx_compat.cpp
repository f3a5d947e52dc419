// Defines the one libstdc++ symbol of GCC 13 (GLIBCXX_3.4.32) that TorchSharp's libLibTorchSharp.so asks for,
// so it loads on systems whose libstdc++ is older (Debian 12, Ubuntu 22.04). GCC 13 emits a call to it from every
// translation unit that includes <iostream>; its job is to construct the standard streams, which an
// ios_base::Init object does on older libstdc++ as well.
#include <ios>

namespace std
{
__attribute__((visibility("default"))) void ios_base_library_init()
{
    static ios_base::Init init;
}
}
