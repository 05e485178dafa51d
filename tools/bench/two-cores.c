/* Whether this machine's two cores run two threads at once: times a loop of
 * pure arithmetic (no memory traffic) on one thread, then on two threads at
 * once, `tries` times in a row, and prints each ratio two/one (1.00: the
 * cores ran side by side; 2.00: they took turns). Built and run by
 * tools/bench/split-costs.sh. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *spin(void *unused) {
    (void)unused;
    volatile unsigned long sum = 0;
    for (unsigned long i = 0; i < 60000000UL; i++) sum += i;
    return NULL;
}

int main(int argc, char **argv) {
    int tries = argc > 1 ? atoi(argv[1]) : 30;
    double lowest = 1e9, highest = 0;
    for (int k = 0; k < tries; k++) {
        double start = now();
        spin(NULL);
        double one = now() - start;
        start = now();
        pthread_t other;
        pthread_create(&other, NULL, spin, NULL);
        spin(NULL);
        pthread_join(other, NULL);
        double ratio = (now() - start) / one;
        if (ratio < lowest) lowest = ratio;
        if (ratio > highest) highest = ratio;
        printf("%.2f ", ratio);
    }
    printf("\ntwo threads / one thread over %d tries: %.2f to %.2f\n", tries, lowest, highest);
    return 0;
}
