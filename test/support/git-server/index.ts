/** Real git servers for tests: bare repositories, smart HTTP, SSH. See each module's TSDoc. */
export * from './bare-repository';
export * from './git';
export * from './http-server';
export * from './recording-git';
export * from './ssh-server';
