/* Aligned allocation, and per-thread scratch buffers that live as long as their thread.
 *
 * The GEMM's packing buffers (a few MiB) are needed on every call; allocating them afresh would
 * cost a round of page faults each time (large blocks come straight from mmap). Each thread keeps
 * its buffers, one per slot, grown on demand and freed when the thread exits (a pthread key
 * destructor), so memory stays bounded by (threads x largest request). */
#include <pthread.h>
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

typedef struct thread_scratch {
    void *buf[FC_SCRATCH_SLOTS];
    int64_t bytes[FC_SCRATCH_SLOTS];
} thread_scratch;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_key_ok = 0;

static void scratch_destroy(void *p)
{
    thread_scratch *ts = (thread_scratch *)p;
    for (int i = 0; i < FC_SCRATCH_SLOTS; i++)
        free(ts->buf[i]);
    free(ts);
}

static void scratch_key_init(void) { scratch_key_ok = pthread_key_create(&scratch_key, scratch_destroy) == 0; }

void *fc_scratch(int slot, int64_t bytes)
{
    assert(slot >= 0 && slot < FC_SCRATCH_SLOTS);
    if (bytes < 0)
        return NULL;
    pthread_once(&scratch_once, scratch_key_init);
    if (!scratch_key_ok)
        return NULL;
    thread_scratch *ts = (thread_scratch *)pthread_getspecific(scratch_key);
    if (!ts) {
        ts = (thread_scratch *)calloc(1, sizeof *ts);
        if (!ts)
            return NULL;
        if (pthread_setspecific(scratch_key, ts) != 0) {
            free(ts);
            return NULL;
        }
    }
    if (ts->bytes[slot] < bytes || !ts->buf[slot]) {
        free(ts->buf[slot]);
        ts->buf[slot] = fc_aligned_alloc(bytes, 1);
        ts->bytes[slot] = ts->buf[slot] ? bytes : 0;
    }
    return ts->buf[slot];
}
