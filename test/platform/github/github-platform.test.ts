import { describePlatformContract } from '../contract';

describePlatformContract('github');
