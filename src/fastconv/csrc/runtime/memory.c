/* Aligned workspace allocation. Sizes are checked for overflow before anything is allocated. */
#include <stdlib.h>

#include "../internal.h"

void *fc_aligned_alloc(int64_t count, int64_t elem_size)
{
    if (count < 0 || elem_size <= 0 || count > (INT64_MAX - FC_ALIGN) / elem_size)
        return NULL;
    size_t bytes = (size_t)(count * elem_size);
    bytes = (bytes + FC_ALIGN - 1) / FC_ALIGN * FC_ALIGN;
    if (bytes == 0)
        bytes = FC_ALIGN;
    void *p = NULL;
    if (posix_memalign(&p, FC_ALIGN, bytes) != 0)
        return NULL;
    return p;
}

void fc_aligned_free(void *p) { free(p); }
